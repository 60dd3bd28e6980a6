"""`weishop serve`: the live session, the HTTP side (imports nothing of the build) and the watcher."""
