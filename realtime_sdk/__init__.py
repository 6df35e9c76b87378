"""realtime_sdk: an async, typed client for the OpenAI Realtime API and compatible servers.

Everything public is re-exported here; implementation lives in private modules. Protocol models are in
`realtime_sdk.events` (GA), `realtime_sdk.events.beta` and `realtime_sdk.events.translation`.
"""

from . import events as events
from ._codec import AnyClientEvent as AnyClientEvent
from ._codec import AnyServerEvent as AnyServerEvent
from ._codec import configure_converter as configure_converter
from ._codec import converter as converter
from ._codec import decode_client_event as decode_client_event
from ._codec import decode_server_event as decode_server_event
from ._codec import encode_client_event as encode_client_event
from ._codec import encode_server_event as encode_server_event
from ._codec import make_converter as make_converter
from ._codec import to_dict as to_dict
from ._exceptions import AudioFormatError as AudioFormatError
from ._exceptions import AuthenticationError as AuthenticationError
from ._exceptions import ConfigurationError as ConfigurationError
from ._exceptions import ConnectError as ConnectError
from ._exceptions import ConnectionClosed as ConnectionClosed
from ._exceptions import ConnectionClosedError as ConnectionClosedError
from ._exceptions import ConnectionClosedOK as ConnectionClosedOK
from ._exceptions import EventDecodeError as EventDecodeError
from ._exceptions import EventEncodeError as EventEncodeError
from ._exceptions import NotFoundError as NotFoundError
from ._exceptions import RateLimitError as RateLimitError
from ._exceptions import RealtimeConnectionError as RealtimeConnectionError
from ._exceptions import RealtimeError as RealtimeError
from ._exceptions import RealtimeHandshakeError as RealtimeHandshakeError
from ._exceptions import RealtimeTimeoutError as RealtimeTimeoutError
from ._exceptions import ServerError as ServerError
from ._exceptions import UsageError as UsageError
from ._interruption import Interrupter as Interrupter
from ._interruption import PlaybackTracker as PlaybackTracker
from ._protocol import SessionState as SessionState
from ._responses import ResponseHandle as ResponseHandle
from ._rest import ClientSecret as ClientSecret
from ._rest import create_client_secret as create_client_secret
from ._session import Session as Session
from ._transport import MemoryTransport as MemoryTransport
from ._transport import Transport as Transport
from ._transport import memory_transport_pair as memory_transport_pair
from ._types import UNSET as UNSET
from ._types import Unset as Unset
from .events import UnknownEvent as UnknownEvent

__version__ = "0.1.0.dev0"

__all__ = [
    "UNSET",
    "AnyClientEvent",
    "AnyServerEvent",
    "AudioFormatError",
    "AuthenticationError",
    "ClientSecret",
    "ConfigurationError",
    "ConnectError",
    "ConnectionClosed",
    "ConnectionClosedError",
    "ConnectionClosedOK",
    "EventDecodeError",
    "EventEncodeError",
    "Interrupter",
    "NotFoundError",
    "PlaybackTracker",
    "RateLimitError",
    "RealtimeConnectionError",
    "RealtimeError",
    "RealtimeHandshakeError",
    "RealtimeTimeoutError",
    "ResponseHandle",
    "ServerError",
    "Session",
    "SessionState",
    "MemoryTransport",
    "Transport",
    "UnknownEvent",
    "Unset",
    "UsageError",
    "configure_converter",
    "converter",
    "create_client_secret",
    "decode_client_event",
    "decode_server_event",
    "encode_client_event",
    "encode_server_event",
    "events",
    "make_converter",
    "memory_transport_pair",
    "to_dict",
]
