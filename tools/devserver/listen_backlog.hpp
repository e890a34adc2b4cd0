#pragma once
// The emulator's listen backlog. Debian's cpp-httplib 0.11.4 is a compiled library that calls
// listen(fd, 5): a burst of connects (8 parallel transfers on a loaded machine, a benchmark)
// overflows that queue, the kernel drops SYNs, and each dropped client waits the 1 s SYN
// retransmission. The library does not expose its socket, so it is found and re-listened.

namespace flameup::devserver {

/// The listening TCP socket of this process bound to @p port (found via /proc/self/fd), or -1.
int find_listening_socket(int port);

/// Calls listen(fd, SOMAXCONN) again on the listening socket of @p port: Linux then only
/// updates the backlog of the already-listening socket. True if the socket was found and the
/// call succeeded; the server works either way, only with a short queue when false.
bool raise_listen_backlog(int port);

}  // namespace flameup::devserver
