"""realtime_sdk."""
