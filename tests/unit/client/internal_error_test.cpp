#include "client/internal_error.hpp"

#include <new>
#include <stdexcept>

#include <gtest/gtest.h>

using flameup::ErrorCode;
using flameup::detail::internal_error;

TEST(InternalError, SaysWhatFailed) {
  try {
    throw std::bad_alloc();
  } catch (...) {
    const auto error = internal_error("track");
    EXPECT_EQ(error.code, ErrorCode::internal);
    EXPECT_EQ(error.message, "track: out of memory");
  }
  try {
    throw std::runtime_error("Resource temporarily unavailable");
  } catch (...) {
    EXPECT_EQ(internal_error("enqueue").message,
              "enqueue: internal error (Resource temporarily unavailable)");
  }
  try {
    throw 42;
  } catch (...) {
    EXPECT_EQ(internal_error("enqueue").message, "enqueue: internal error");
  }
  EXPECT_EQ(internal_error("outside a catch block").message,
            "outside a catch block: internal error");
}
