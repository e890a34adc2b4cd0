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

/// True for localhost, 127.0.0.0/8 and ::1: hosts where http:// never leaves the machine.
bool is_loopback_host(std::string_view host);

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
