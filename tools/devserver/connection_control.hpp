#pragma once
// A word from a route handler to the connection loop that runs it (PromptStopServer): handler
// and loop run on the same pool thread, one request at a time, so a thread-local flag is enough.

namespace flameup::devserver::detail {

/// Asks the connection loop to close the connection once the current response is written.
void request_connection_close();
/// Reads and clears the request (called by the connection loop after each response).
bool take_connection_close_request();

}  // namespace flameup::devserver::detail
