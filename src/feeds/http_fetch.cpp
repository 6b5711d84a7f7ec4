// libcurl easy transfers: conditional GET, header capture, body to a file.
#include "feeds/http_fetch.hpp"

#include <curl/curl.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>

namespace patchplan::feeds {
namespace {

struct CurlFree {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct FileClose {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// What the callbacks collect during one transfer.
struct Transfer {
  std::FILE* file = nullptr;
  std::uint64_t bytes = 0;
  std::uint64_t max_bytes = 0;
  bool too_large = false;
  bool write_failed = false;
  std::string etag;
  std::string last_modified;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (transfer->bytes + n > transfer->max_bytes) {
    transfer->too_large = true;
    return 0;
  }
  if (std::fwrite(data, 1, n, transfer->file) != n) {
    transfer->write_failed = true;
    return 0;
  }
  transfer->bytes += n;
  return n;
}

// Keeps ETag and Last-Modified of the final response (a redirect's headers are dropped
// when the next status line arrives).
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    transfer->etag.clear();
    transfer->last_modified.clear();
    return n;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  if (name == "etag") transfer->etag = value;
  if (name == "last-modified") transfer->last_modified = value;
  return n;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Error fetch_error(const std::string& url, std::string_view why) {
  return make_error(ErrorCode::kIo, "cannot download '{}': {}", url, why);
}

}  // namespace

Expected<FetchResult> fetch_url(const FetchRequest& request) {
  global_init();
  std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
  if (!curl) return make_error(ErrorCode::kInternal, "cannot start a libcurl transfer");
  std::unique_ptr<std::FILE, FileClose> file(std::fopen(request.destination.c_str(), "wb"));
  if (!file) {
    return make_error(ErrorCode::kIo, "cannot write '{}': {}", request.destination,
                      std::strerror(errno));
  }
  Transfer transfer;
  transfer.file = file.get();
  transfer.max_bytes = request.max_bytes;

  std::unique_ptr<curl_slist, ListFree> headers;
  auto add_header = [&headers](const std::string& header) {
    headers.reset(curl_slist_append(headers.release(), header.c_str()));
  };
  if (!request.etag.empty()) add_header("If-None-Match: " + request.etag);
  if (!request.last_modified.empty()) add_header("If-Modified-Since: " + request.last_modified);

  CURL* c = curl.get();
  char error_text[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(c, CURLOPT_USERAGENT, "patchplan/0.1 (feeds update)");
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // let the server compress the transfer
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(c, CURLOPT_FILETIME, 1L);

  const CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (transfer.too_large) {
    return fetch_error(request.url,
                       fmt::format("the body is larger than {} bytes", request.max_bytes));
  }
  if (transfer.write_failed) {
    return make_error(ErrorCode::kIo, "cannot write '{}': {}", request.destination,
                      std::strerror(errno));
  }
  if (rc == CURLE_PARTIAL_FILE) {
    curl_off_t expected = -1;
    curl_easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected);
    return fetch_error(request.url,
                       fmt::format("truncated: received {} of {} bytes", transfer.bytes, expected));
  }
  if (rc != CURLE_OK) {
    return fetch_error(request.url, error_text[0] != '\0' ? error_text : curl_easy_strerror(rc));
  }
  if (std::fflush(file.get()) != 0 || std::ferror(file.get()) != 0) {
    return make_error(ErrorCode::kIo, "cannot write '{}'", request.destination);
  }
  if (status != 200 && status != 304) {
    return fetch_error(request.url, fmt::format("HTTP status {}", status));
  }

  FetchResult result;
  result.status = status;
  result.not_modified = status == 304;
  result.bytes = transfer.bytes;
  result.etag = transfer.etag;
  result.last_modified = transfer.last_modified;
  curl_off_t filetime = -1;
  if (curl_easy_getinfo(c, CURLINFO_FILETIME_T, &filetime) == CURLE_OK && filetime >= 0) {
    result.last_modified_time = store::Timestamp(std::chrono::seconds(filetime));
  }
  return result;
}

}  // namespace patchplan::feeds
