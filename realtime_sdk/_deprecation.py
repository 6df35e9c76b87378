"""Deprecated public names: the helpers that modules' `__getattr__` use to keep an old name for one release."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

__all__ = ["renamed_attribute", "warn_deprecated"]


def warn_deprecated(module: str, name: str, instead: str, *, depth: int = 0) -> None:
    """Warn that `module.name` goes away in the next release; call it from the module's `__getattr__`.

    `depth` counts the helper frames between the module's `__getattr__` and this call, so that the
    warning points at the code that used the old name.
    """
    warnings.warn(
        f"{module}.{name} is deprecated and will be removed in the next release; use {instead}",
        DeprecationWarning,
        stacklevel=3
        + depth,  # this function, the module's __getattr__, then the code that used the name
    )


def renamed_attribute(
    module: str, name: str, renamed: Mapping[str, str], namespace: Mapping[str, object]
) -> object:
    """Serve `module.name` under its new name with a `DeprecationWarning`, for a module's `__getattr__`.

    `renamed` maps each old name to its new name, which must be in `namespace` (the module's globals).
    Any other name raises `AttributeError`, as it would from a module without `__getattr__`.
    """
    new = renamed.get(name)
    if new is None:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    warn_deprecated(module, name, f"{module}.{new}", depth=1)
    return namespace[new]
