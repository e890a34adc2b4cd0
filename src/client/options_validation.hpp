#pragma once
// validate() for a client that has already parsed its base_url: the URL is parsed once per
// client (Client::Impl), and the check, the request builder and the transports share it.

#include "flameup/client_options.hpp"
#include "wire/url.hpp"

namespace flameup::detail {

/// The same answer as flameup::validate(@p options), reading the base URL from @p base (the
/// parse of `options.base_url`).
Error validate(const ClientOptions& options, const ParsedBaseUrl& base);

}  // namespace flameup::detail
