// A shared library with the exports check's two kinds of leak: an internal (detail) symbol
// and a symbol outside namespace flameup. The check must name both and fail.
#define LEAKY_EXPORT __attribute__((visibility("default")))

namespace flameup {
LEAKY_EXPORT int public_function() { return 1; }
namespace detail {
LEAKY_EXPORT int leaked_function() { return 2; }
}  // namespace detail
}  // namespace flameup

namespace other {
LEAKY_EXPORT int foreign_function() { return 3; }
}  // namespace other
