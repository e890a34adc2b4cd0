#include "connection_control.hpp"

namespace flameup::devserver::detail {
namespace {
thread_local bool close_requested = false;
}  // namespace

void request_connection_close() { close_requested = true; }

bool take_connection_close_request() {
  const bool requested = close_requested;
  close_requested = false;
  return requested;
}

}  // namespace flameup::devserver::detail
