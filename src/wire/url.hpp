#pragma once
// The base URL and the events URL built from it: parsing, the loopback test that decides
// whether http:// is acceptable, and the one-segment encoding of the workspace id.

#include <string>
#include <string_view>

namespace flameup::detail {

/// A parsed `base_url`: scheme://host[:port][/path]. No user info, query or fragment.
struct BaseUrl {
  std::string scheme;     ///< "http" or "https", lower-case.
  std::string authority;  ///< host[:port] exactly as given (IPv6 literals keep their brackets).
  std::string host;       ///< Without brackets for IPv6.
  int port = -1;          ///< -1 when absent.
  std::string path;       ///< Without a trailing '/'; may be empty.
};

/// Parses @p text into @p out. On failure returns false and sets @p why (a short reason that
/// never repeats the URL, which could carry a secret).
bool parse_base_url(std::string_view text, BaseUrl& out, std::string& why);

/// A `base_url` parsed once per client: validation reads `problem`, the request builder and
/// the transports read `url`.
struct ParsedBaseUrl {
  BaseUrl url;          ///< Valid only when `problem` is empty.
  std::string problem;  ///< Why the text is not a base URL (see parse_base_url), or empty.

  static ParsedBaseUrl of(std::string_view text);
};

/// True for the hosts where http:// never leaves the machine: the name `localhost` (any case,
/// with or without one trailing dot; the transports pin it to 127.0.0.1 and ::1 so that DNS
/// and /etc/hosts are never asked), an IPv4 literal in 127.0.0.0/8 written as four decimal
/// numbers, and the IPv6 literal ::1 (any spelling). Nothing else: not `*.localhost`, not
/// the other spellings of 127.x that a resolver accepts (`127.1`, `0x7f.1`, `2130706433`),
/// not `127.0.0.1.` (a name), not `::ffff:127.0.0.1`; those are resolved or routed like
/// any host, so they are treated like any host.
bool is_loopback_host(std::string_view host);

/// True for the loopback names that would otherwise go to a resolver: `localhost` and
/// `localhost.`, any case.
bool is_localhost_name(std::string_view host);

/// The port @p base names, or the default port of its scheme.
int effective_port(const BaseUrl& base);

/// Why @p workspace_id cannot be a path segment ("must not be empty", ...), or empty if fine.
std::string workspace_id_problem(std::string_view workspace_id);

/// Percent-encodes everything except RFC 3986 unreserved characters, so the result is
/// exactly one path segment whatever it contains ('/', '?', '#', '%', spaces...).
std::string percent_encode_segment(std::string_view segment);

/// {base}/workspaces/{encoded workspace id}/events. Both inputs must be valid.
std::string events_url(const BaseUrl& base, std::string_view workspace_id);

/// True if @p text holds a byte below 0x20 or 0x7F (CR, LF, NUL, TAB, ...).
bool has_control_char(std::string_view text) noexcept;

}  // namespace flameup::detail
