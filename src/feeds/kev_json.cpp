// Validation of the KEV catalog's members, entry by entry.
#include "feeds/kev_json.hpp"

#include <array>

#include "feeds/feed_time.hpp"
#include "feeds/json_document.hpp"

namespace patchplan::feeds {
namespace {

using nlohmann::json;

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

bool is_date(std::string_view text) {
  return text.size() == 10 && text[4] == '-' && text[7] == '-' && parse_feed_time(text);
}

Expected<std::string> required_string(const json& object, const char* name,
                                      const std::string& where) {
  const auto it = object.find(name);
  if (it == object.end()) {
    return make_error(ErrorCode::kInvalidInput, "{}: '{}' is missing", where, name);
  }
  if (!it->is_string()) {
    return make_error(ErrorCode::kInvalidInput, "{}: '{}' is not a string", where, name);
  }
  return it->get<std::string>();
}

Expected<KevEntry> read_entry(const json& item, const std::string& where) {
  if (!item.is_object()) {
    return make_error(ErrorCode::kInvalidInput, "{}: not an object", where);
  }
  KevEntry entry;
  const std::array<std::pair<const char*, std::string*>, 6> fields = {{
      {"cveID", &entry.cve},
      {"vendorProject", &entry.vendor},
      {"product", &entry.product},
      {"vulnerabilityName", &entry.name},
      {"dateAdded", &entry.date_added},
      {"dueDate", &entry.due_date},
  }};
  for (const auto& [name, target] : fields) {
    auto value = required_string(item, name, where);
    if (!value) return value.error();
    *target = std::move(*value);
  }
  for (const char* name : {"shortDescription", "requiredAction"}) {
    if (auto value = required_string(item, name, where); !value) return value.error();
  }
  if (!is_cve_id(entry.cve)) {
    return make_error(ErrorCode::kInvalidInput, "{}: cveID '{}' is not a CVE id", where, entry.cve);
  }
  for (const auto* date : {&entry.date_added, &entry.due_date}) {
    if (!is_date(*date)) {
      return make_error(ErrorCode::kInvalidInput, "{}: '{}' is not a YYYY-MM-DD date", where,
                        *date);
    }
  }
  if (const auto it = item.find("knownRansomwareCampaignUse"); it != item.end()) {
    if (!it->is_string()) {
      return make_error(ErrorCode::kInvalidInput,
                        "{}: 'knownRansomwareCampaignUse' is not a string", where);
    }
    entry.known_ransomware = it->get<std::string>() == "Known";
  }
  return entry;
}

detail::JsonLimits kev_limits() {
  detail::JsonLimits limits;
  limits.max_depth = 8;
  limits.max_token_bytes = std::size_t{1} << 20;
  limits.max_total_bytes = std::uint64_t{256} << 20;
  return limits;
}

}  // namespace

bool is_cve_id(std::string_view text) {
  if (!text.starts_with("CVE-") || text.size() < 13 || text[8] != '-') return false;
  const std::string_view number = text.substr(9);
  return all_digits(text.substr(4, 4)) && all_digits(number) && number.size() >= 4 &&
         number.size() <= 19;
}

Expected<KevCatalog> read_kev_json(ByteSource& source) {
  auto document = detail::read_json_document(source, kev_limits());
  if (!document) return document.error();
  const std::string file = fmt::format("'{}'", source.name());
  if (!document->is_object()) {
    return make_error(ErrorCode::kInvalidInput, "{}: the catalog is not a JSON object", file);
  }
  KevCatalog catalog;
  auto version = required_string(*document, "catalogVersion", file);
  if (!version) return version.error();
  catalog.catalog_version = std::move(*version);
  auto released = required_string(*document, "dateReleased", file);
  if (!released) return released.error();
  auto time = parse_feed_time(*released);
  if (!time) return time.error().context(fmt::format("{}: 'dateReleased'", file));
  catalog.date_released = *time;

  const auto count = document->find("count");
  const auto items = document->find("vulnerabilities");
  if (count == document->end() || !count->is_number_unsigned()) {
    return make_error(ErrorCode::kInvalidInput, "{}: 'count' is not a non-negative integer", file);
  }
  if (items == document->end() || !items->is_array()) {
    return make_error(ErrorCode::kInvalidInput, "{}: 'vulnerabilities' is not an array", file);
  }
  if (count->get<std::uint64_t>() != items->size()) {
    return make_error(ErrorCode::kInvalidInput,
                      "{}: 'count' says {} entries but 'vulnerabilities' holds {}", file,
                      count->get<std::uint64_t>(), items->size());
  }
  catalog.entries.reserve(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto entry = read_entry((*items)[i], fmt::format("{}: vulnerabilities[{}]", file, i));
    if (!entry) return entry.error();
    catalog.entries.push_back(std::move(*entry));
  }
  return catalog;
}

}  // namespace patchplan::feeds
