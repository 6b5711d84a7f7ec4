// Field extraction and validation for one dpkg status stanza.
#include "inventory/status_stanza.hpp"

#include <algorithm>
#include <optional>

#include "inventory/debian_names.hpp"
#include "inventory/message_text.hpp"
#include "inventory/package_status.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::inventory::detail {
namespace {

bool same_field_name(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  return std::ranges::equal(a, b, [&](char x, char y) { return lower(x) == lower(y); });
}

// The fields patchplan reads; the others (Depends, Conffiles, ...) are not kept.
struct StanzaFields {
  std::optional<Field> package;
  std::optional<Field> status;
  std::optional<Field> version;
  std::optional<Field> source;
  std::optional<Field> architecture;
  std::optional<Field> multi_arch;
  std::optional<Field> maintainer;
  std::optional<Field> description;

  std::optional<Field>* slot(std::string_view name) {
    if (same_field_name(name, "Package")) return &package;
    if (same_field_name(name, "Status")) return &status;
    if (same_field_name(name, "Version")) return &version;
    if (same_field_name(name, "Source")) return &source;
    if (same_field_name(name, "Architecture")) return &architecture;
    if (same_field_name(name, "Multi-Arch")) return &multi_arch;
    if (same_field_name(name, "Maintainer")) return &maintainer;
    if (same_field_name(name, "Description")) return &description;
    return nullptr;
  }
};

Error invalid(std::string_view file, std::size_t line, std::string_view what,
              std::string_view value) {
  return make_error(ErrorCode::kInvalidInput, "{}:{}: {} '{}'", file, line, what,
                    message_excerpt(value));
}

// Debian Policy 5.6.12 by dpkg's parser; the message gives the reason.
Status check_version(std::string_view version, std::string_view file, std::size_t line) {
  auto parsed = versions::parse_deb_version(version);
  if (!parsed) {
    return make_error(ErrorCode::kInvalidInput, "{}:{}: {}", file, line, parsed.error().message);
  }
  return ok();
}

// Collects the fields; a field given twice is an error, as in dpkg's pkg_parse_field().
Expected<StanzaFields> collect_fields(const Paragraph& paragraph, std::string_view file) {
  StanzaFields fields;
  std::vector<std::string_view> seen;
  std::optional<Error> failure;
  auto status = for_each_field(paragraph, file, [&](const Field& field) {
    bool repeated = std::ranges::any_of(
        seen, [&](std::string_view name) { return same_field_name(name, field.name); });
    if (repeated) {
      failure = invalid(file, field.line, "duplicate field", field.name);
      return false;
    }
    seen.push_back(field.name);
    if (auto* slot = fields.slot(field.name)) *slot = field;
    return true;
  });
  if (!status) return status.error();
  if (failure) return *failure;
  return fields;
}

// "Source: name" or "Source: name (version)" (deb-control(5)).
Status apply_source(const Field& field, std::string_view file, InstalledPackage& package) {
  std::string_view value = field.value;
  std::size_t blank = value.find_first_of(" \t");
  std::string_view name = value.substr(0, blank);
  std::string_view rest = blank == std::string_view::npos ? "" : trim(value.substr(blank));
  if (!is_valid_package_name(name)) return invalid(file, field.line, "invalid source name", value);
  package.source = std::string(name);
  if (rest.empty()) return ok();
  if (rest.size() < 3 || rest.front() != '(' || rest.back() != ')') {
    return invalid(file, field.line, "invalid Source field", value);
  }
  package.source_version = std::string(trim(rest.substr(1, rest.size() - 2)));
  return check_version(package.source_version, file, field.line);
}

Status apply_architecture(const StanzaFields& fields, std::string_view file, std::size_t line,
                          InstalledPackage& package, std::vector<std::string>& warnings) {
  if (fields.architecture) {
    package.architecture = std::string(fields.architecture->value);
    if (!is_valid_architecture_name(package.architecture)) {
      return invalid(file, fields.architecture->line, "invalid architecture", package.architecture);
    }
  } else if (package.state > PackageState::kHalfInstalled) {
    // dpkg warns and keeps the package (pkg_parse_verify, "missing architecture").
    warnings.push_back(fmt::format("{}:{}: package '{}' has no Architecture field (kept)", file,
                                   line, package.name));
  }
  if (!fields.multi_arch) return ok();
  std::string_view multi_arch = fields.multi_arch->value;
  if (multi_arch != "no" && multi_arch != "same" && multi_arch != "foreign" &&
      multi_arch != "allowed") {
    return invalid(file, fields.multi_arch->line, "invalid Multi-Arch value", multi_arch);
  }
  if (multi_arch == "same" && (package.architecture.empty() || package.architecture == "all")) {
    return invalid(file, fields.multi_arch->line, "Multi-Arch: same on architecture",
                   package.architecture);
  }
  if (multi_arch != "no") package.multi_arch = std::string(multi_arch);
  return ok();
}

}  // namespace

Expected<InstalledPackage> parse_status_stanza(const Paragraph& paragraph, std::string_view file,
                                               std::vector<std::string>& warnings) {
  auto fields = collect_fields(paragraph, file);
  if (!fields) return fields.error();
  std::size_t line = paragraph.first_line;
  if (!fields->package) {
    return make_error(ErrorCode::kInvalidInput, "{}:{}: stanza without a Package field", file,
                      line);
  }

  InstalledPackage package;
  package.line = line;
  package.name = std::string(fields->package->value);
  if (!is_valid_package_name(package.name)) {
    return invalid(file, fields->package->line, "invalid package name", package.name);
  }

  if (!fields->status) {
    return make_error(ErrorCode::kInvalidInput, "{}:{}: package '{}' has no Status field", file,
                      line, package.name);
  }
  auto status = parse_package_status(fields->status->value);
  if (!status) return invalid(file, fields->status->line, "invalid Status", fields->status->value);
  package.selection = status->selection;
  package.state = status->state;
  package.reinstall_required = status->reinstall_required;

  // dpkg requires a Version except for not-installed and half-installed packages.
  if (fields->version) {
    package.version = std::string(fields->version->value);
    if (auto valid = check_version(package.version, file, fields->version->line); !valid) {
      return valid.error();
    }
  } else if (package.state != PackageState::kNotInstalled &&
             package.state != PackageState::kHalfInstalled) {
    return make_error(ErrorCode::kInvalidInput, "{}:{}: package '{}' has no Version field", file,
                      line, package.name);
  }

  if (auto arch = apply_architecture(*fields, file, line, package, warnings); !arch) {
    return arch.error();
  }
  if (fields->maintainer) package.maintainer = std::string(fields->maintainer->value);
  if (fields->description) {
    std::string_view text = fields->description->value;
    package.summary = std::string(trim(text.substr(0, text.find('\n'))));
  }
  package.source = package.name;
  package.source_version = package.version;
  if (fields->source) {
    if (auto source = apply_source(*fields->source, file, package); !source) return source.error();
  }
  return package;
}

}  // namespace patchplan::inventory::detail
