#pragma once
// The HTTP Date header's value (RFC 9110 IMF-fixdate): "Tue, 01 Dec 2026 10:36:21 GMT".

#include <chrono>
#include <string>

namespace flameup::devserver::detail {

std::string http_date(std::chrono::system_clock::time_point at);

}  // namespace flameup::devserver::detail
