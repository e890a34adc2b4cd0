#pragma once
/// @file undocumented_fixture.hpp
/// @brief A header with one undocumented function: the docs check must fail on it and name it
/// (tests/docs/CMakeLists.txt).

namespace flameup_docs_fixture {

/// @brief Documented: no warning.
int documented_function();

int undocumented_function();

}  // namespace flameup_docs_fixture
