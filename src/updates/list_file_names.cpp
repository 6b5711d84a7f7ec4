// apt's URI handling for list file names: URI::CopyFrom, URI::operator string,
// URItoFileName (apt-pkg/contrib/strutl.cc) and constructMetaIndexURI (debmetaindex.cc).
#include "updates/list_file_names.hpp"

#include <algorithm>
#include <cstdlib>

#include "updates/apt_words.hpp"

namespace patchplan::updates {
namespace {

char at(std::string_view text, std::size_t i) { return i < text.size() ? text[i] : '\0'; }

// DeQuoteString: %xx escapes decoded, as for user names and passwords in URIs.
std::string dequote(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto hex = [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) && hex(text[i + 2])) {
      out.push_back(
          static_cast<char>(std::strtol(std::string(text.substr(i + 1, 2)).c_str(), nullptr, 16)));
      i += 2;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

// The host part after RFC 2732 brackets are removed, and the port split off.
void split_host_port(ParsedUri& uri) {
  std::size_t port_end = 0;
  bool in_bracket = false;
  for (std::size_t i = 0; i < uri.host.size();) {
    if (uri.host[i] == '[') {
      in_bracket = true;
      uri.host.erase(i, 1);
      continue;
    }
    if (in_bracket && uri.host[i] == ']') {
      in_bracket = false;
      uri.host.erase(i, 1);
      port_end = i;
      continue;
    }
    ++i;
  }
  if (in_bracket) {
    uri.host.clear();
    return;
  }
  std::size_t colon = uri.host.rfind(':');
  if (colon == std::string::npos || colon < port_end) return;
  uri.port = static_cast<unsigned>(std::atoi(uri.host.c_str() + colon + 1));
  uri.host.resize(colon);
}

}  // namespace

ParsedUri ParsedUri::parse(std::string_view text) {
  ParsedUri uri;
  std::size_t first_colon = std::min(text.find(':'), text.size());

  // The host ends at the first '/' after "scheme://", ignoring '/' inside [...].
  std::size_t single_slash = first_colon;
  if (first_colon + 3 < text.size() && text[first_colon + 1] == '/' &&
      text[first_colon + 2] == '/') {
    single_slash += 3;
  }
  bool in_bracket = false;
  for (; single_slash < text.size() && (text[single_slash] != '/' || in_bracket); ++single_slash) {
    if (text[single_slash] == '[') in_bracket = true;
    if (in_bracket && text[single_slash] == ']') in_bracket = false;
  }
  uri.access = std::string(text.substr(0, first_colon));
  if (single_slash < text.size()) uri.path = std::string(text.substr(single_slash));
  if (uri.path.empty()) uri.path = "/";

  std::size_t host_start = first_colon;
  if (at(text, first_colon + 1) == '/' && at(text, first_colon + 2) == '/' &&
      first_colon + 2 <= text.size()) {
    host_start += 3;
  } else {
    host_start += 1;
  }
  if (host_start >= text.size()) return uri;
  host_start = std::min(host_start, single_slash);

  // user:password@ is split off at the last '@' before the host's end.
  std::size_t search_from = std::min(host_start + 1, single_slash);
  std::size_t at_sign = single_slash;
  for (std::size_t i = single_slash; i > search_from; --i) {
    if (text[i - 1] == '@') {
      at_sign = i - 1;
      break;
    }
  }
  if (at_sign == single_slash) {
    if (host_start < single_slash) {
      uri.host = std::string(text.substr(host_start, single_slash - host_start));
    }
  } else {
    std::size_t second_colon = text.substr(0, at_sign).find(':', search_from);
    if (second_colon == std::string_view::npos) second_colon = at_sign;
    uri.host = std::string(text.substr(at_sign + 1, single_slash - at_sign - 1));
    uri.user = dequote(text.substr(host_start, second_colon - host_start));
    if (second_colon < at_sign) {
      uri.password = dequote(text.substr(second_colon + 1, at_sign - second_colon - 1));
    }
  }
  split_host_port(uri);
  return uri;
}

std::string ParsedUri::to_string() const {
  std::string out;
  if (!access.empty()) out += access + ':';
  if (!host.empty()) {
    if (!access.empty()) out += "//";
    if (!user.empty()) {
      out += detail::quote_string(user, ":/?#[]@");
      if (!password.empty()) out += ':' + detail::quote_string(password, ":/?#[]@");
      out += '@';
    }
    if (!access.empty() && host.find_first_of("/:") != std::string::npos) {
      out += '[' + host + ']';
    } else {
      out += host;
    }
    if (port != 0) out += ':' + std::to_string(port);
  }
  if (!path.empty()) {
    if (path.front() != '/') out += '/';
    out += path;
  }
  return out;
}

std::string uri_to_file_name(std::string_view uri) {
  ParsedUri parsed = ParsedUri::parse(uri);
  parsed.user.clear();
  parsed.password.clear();
  parsed.access.clear();
  std::string name = detail::quote_string(parsed.to_string(), "\\|{}[]<>\"^~_=!@#$%^&*");
  std::replace(name.begin(), name.end(), '/', '_');
  return name;
}

std::string uri_encode(std::string_view part) { return detail::quote_string(part, "+~ "); }

std::string meta_index_uri(std::string_view uri, std::string_view suite, std::string_view file) {
  std::string result(uri);
  if (suite == "/") {
    // the repository root itself
  } else if (!suite.empty() && suite.back() == '/') {
    result += uri_encode(suite);
  } else {
    result += "dists/" + uri_encode(suite) + "/";
  }
  return result + uri_encode(file);
}

}  // namespace patchplan::updates
