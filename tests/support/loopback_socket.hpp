#pragma once
// The socket calls the socket-level test servers share: a listener on 127.0.0.1 and an
// accept that a stop() can interrupt.

namespace flameup::testing {

/// A TCP socket bound to 127.0.0.1 on a free port (not listening yet), its port in @p port;
/// -1 on failure.
int bind_loopback(int& port);

/// The next connection on @p listen_fd; -1 once @p wake_fd is readable (the owner is
/// stopping) or the listener fails.
int accept_until_woken(int listen_fd, int wake_fd);

}  // namespace flameup::testing
