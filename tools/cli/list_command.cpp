// flameup list: GET the workspace's recorded events. The library has no list API, so this
// command speaks HTTP itself with libcurl, with the same safety rules as the library: no
// redirects, http(s) only, bounded transfer.
#include <curl/curl.h>

#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.hpp"

namespace flameup::cli {
namespace {

constexpr std::size_t kMaxResponseBytes = 16 * 1024 * 1024;

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * count > kMaxResponseBytes) return 0;  // aborts the transfer
  body->append(data, size * count);
  return size * count;
}

std::string escaped(CURL* curl, const std::string& text) {
  std::unique_ptr<char, decltype(&curl_free)> out(
      curl_easy_escape(curl, text.c_str(), static_cast<int>(text.size())), &curl_free);
  return out ? out.get() : "";
}

std::string list_url(CURL* curl, const ClientOptions& options, const CliArgs& args) {
  std::string url = options.base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += "/workspaces/" + escaped(curl, options.workspace_id) + "/events";
  char separator = '?';
  for (const auto& [flag, param] : {std::pair<const char*, const char*>{"--limit", "limit"},
                                    {"--offset", "offset"},
                                    {"--user", "user_id"},
                                    {"--event", "event"},
                                    {"--since", "since"},
                                    {"--until", "until"}}) {
    if (const auto value = args.get(flag)) {
      url += separator + std::string(param) + "=" + escaped(curl, *value);
      separator = '&';
    }
  }
  return url;
}

}  // namespace

int run_list(const ClientOptions& options, const CliArgs& args) {
  if (options.api_key.empty() || options.workspace_id.empty()) {
    std::cerr << "flameup list: set FLAMEUP_API_KEY and FLAMEUP_WORKSPACE_ID (or --workspace)\n";
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return 1;
  const std::string url = list_url(curl.get(), options, args);
  const std::string auth = "Authorization: Bearer " + options.api_key;
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
      curl_slist_append(nullptr, auth.c_str()), &curl_slist_free_all);
  std::string body;
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
  if (!options.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
  if (!options.verify_tls) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  const CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) {
    std::cerr << "flameup list: " << curl_easy_strerror(code) << "\n";
    return 1;
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (status != 200) {
    std::cerr << "flameup list: HTTP " << status << ": " << body << "\n";
    return 1;
  }
  std::cout << (json.is_discarded() ? body : json.dump(2)) << "\n";
  return 0;
}

}  // namespace flameup::cli
