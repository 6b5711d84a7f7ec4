// The deb822 sources format (".sources" files), ported from pkgSourceList::ParseFileDeb822
// and pkgSourceList::Type::ParseStanza (apt 2.6 apt-pkg/sourcelist.cc; sources.list(5)).
#include <algorithm>
#include <array>

#include "common/byte_source.hpp"
#include "common/deb822.hpp"
#include "updates/apt_words.hpp"
#include "updates/source_options.hpp"
#include "updates/sources_list.hpp"

namespace patchplan::updates {
namespace {

using FieldList = std::vector<std::pair<std::string, std::string>>;

const std::string* find(const FieldList& fields, std::string_view name) {
  for (const auto& [field, value] : fields) {
    if (detail::equals_ignore_case(field, name)) return &value;
  }
  return nullptr;
}

// FindMultiValue: the value split at any blank, empty parts dropped.
std::vector<std::string> multi_value(const FieldList& fields, std::string_view name) {
  std::vector<std::string> values;
  const std::string* value = find(fields, name);
  if (value == nullptr) return values;
  std::string current;
  for (char c : *value) {
    if (detail::is_space(c)) {
      if (!current.empty()) values.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) values.push_back(std::move(current));
  return values;
}

std::map<std::string, std::string> stanza_options(const FieldList& fields) {
  struct Mapping {
    std::string_view field;
    std::string_view option;
    bool multi;
  };
  static constexpr std::array<Mapping, 22> kMappings = {{
      {"Architectures", "arch", true},
      {"Architectures-Add", "arch+", true},
      {"Architectures-Remove", "arch-", true},
      {"Languages", "lang", true},
      {"Languages-Add", "lang+", true},
      {"Languages-Remove", "lang-", true},
      {"Targets", "target", true},
      {"Targets-Add", "target+", true},
      {"Targets-Remove", "target-", true},
      {"Trusted", "trusted", false},
      {"Check-Valid-Until", "check-valid-until", false},
      {"Valid-Until-Min", "valid-until-min", false},
      {"Valid-Until-Max", "valid-until-max", false},
      {"Check-Date", "check-date", false},
      {"Date-Max-Future", "date-max-future", false},
      {"Signed-By", "signed-by", false},
      {"PDiffs", "pdiffs", false},
      {"By-Hash", "by-hash", false},
      {"Allow-Insecure", "allow-insecure", false},
      {"Allow-Weak", "allow-weak", false},
      {"Allow-Downgrade-To-Insecure", "allow-downgrade-to-insecure", false},
      {"InRelease-Path", "inrelease-path", false},
  }};
  std::map<std::string, std::string> options;
  for (const Mapping& mapping : kMappings) {
    const std::string* value = find(fields, mapping.field);
    if (value == nullptr) continue;
    if (!mapping.multi) {
      options[std::string(mapping.option)] = *value;
      continue;
    }
    std::string joined;
    for (const std::string& part : multi_value(fields, mapping.field)) {
      if (!joined.empty()) joined += ',';
      joined += part;
    }
    options[std::string(mapping.option)] = std::move(joined);
  }
  return options;
}

Status parse_stanza(const FieldList& fields, std::string_view type, const std::string& origin,
                    std::string_view arch, std::vector<SourceEntry>& out) {
  auto malformed = [&](std::string_view reason) {
    return make_error(ErrorCode::kInvalidInput, "{}: malformed stanza ({})", origin, reason);
  };
  if (const std::string* enabled = find(fields, "Enabled");
      enabled != nullptr && !enabled->empty() && detail::string_to_bool(*enabled, -1) == 0) {
    return ok();
  }
  std::map<std::string, std::string> options = stanza_options(fields);
  std::vector<std::string> uris = multi_value(fields, "URIs");
  std::vector<std::string> components = multi_value(fields, "Components");
  std::vector<std::string> suites = multi_value(fields, "Suites");
  for (std::string& suite : suites) suite = detail::substitute_arch(suite, arch);
  if (uris.empty()) return malformed("URI");
  if (suites.empty()) return malformed("Suite");

  for (std::string uri : uris) {
    if (!detail::fixup_uri(uri, arch)) return malformed("URI parse");
    for (const std::string& suite : suites) {
      bool flat = suite.back() == '/';
      if (flat && !components.empty()) return malformed("absolute Suite Component");
      if (!flat && components.empty()) return malformed("Component");
      std::vector<std::string> parts = flat ? std::vector<std::string>{""} : components;
      for (const std::string& component : parts) {
        out.push_back(SourceEntry{std::string(type), uri, suite, component, options, origin});
      }
    }
  }
  return ok();
}

}  // namespace

Expected<std::vector<SourceEntry>> parse_deb822_sources(std::string_view text,
                                                        std::string_view file,
                                                        std::string_view native_architecture,
                                                        std::vector<std::string>& notices) {
  ParagraphReaderOptions reader_options;
  reader_options.allow_comments = true;
  reader_options.max_paragraph_bytes = 1u << 20;
  ParagraphReader reader(memory_source(std::string(text), std::string(file)), reader_options);
  std::vector<SourceEntry> entries;
  while (true) {
    auto paragraph = reader.next();
    if (!paragraph) return paragraph.error();
    for (std::string& skipped : reader.take_skipped()) notices.push_back(std::move(skipped));
    if (!*paragraph) break;

    FieldList fields;
    auto status = for_each_field(
        **paragraph, file,
        [&](const Field& field) {
          fields.emplace_back(std::string(field.name), std::string(field.value));
          return true;
        },
        true);
    if (!status) return status.error();
    std::string origin = fmt::format("{}:{}", file, (*paragraph)->first_line);
    std::vector<std::string> types = multi_value(fields, "Types");
    if (find(fields, "Types") == nullptr) {
      return make_error(ErrorCode::kInvalidInput, "{}: malformed stanza (type)", origin);
    }
    for (const std::string& type : types) {
      if (type != "deb" && type != "deb-src") {
        return make_error(ErrorCode::kInvalidInput, "{}: type '{}' is not known", origin, type);
      }
      if (auto parsed = parse_stanza(fields, type, origin, native_architecture, entries); !parsed) {
        return parsed.error();
      }
    }
  }
  return entries;
}

}  // namespace patchplan::updates
