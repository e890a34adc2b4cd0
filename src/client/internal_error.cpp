#include "client/internal_error.hpp"

#include <exception>
#include <new>
#include <string>

namespace flameup::detail {
namespace {

std::string what_failed() {
  const std::exception_ptr current = std::current_exception();
  if (!current) return "internal error";
  try {
    std::rethrow_exception(current);
  } catch (const std::bad_alloc&) {
    return "out of memory";
  } catch (const std::exception& e) {
    return std::string("internal error (") + e.what() + ")";
  } catch (...) {
    return "internal error";
  }
}

}  // namespace

Error internal_error(const char* operation) noexcept {
  Error error;
  error.code = ErrorCode::internal;
  try {
    error.message = std::string(operation) + ": " + what_failed();
  } catch (...) {
    error.message = "out of memory";
  }
  return error;
}

}  // namespace flameup::detail
