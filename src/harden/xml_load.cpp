// Safe loading of SCAP XML: DOCTYPE refused before parsing, size limits, prefix-free names.
#include "harden/xml_load.hpp"

#include <filesystem>

#include "common/root_fs.hpp"

namespace patchplan::harden {
namespace {

// True if the prolog (before the root element) declares a DOCTYPE.
bool has_doctype(std::string_view text) {
  std::size_t pos = 0;
  while (true) {
    pos = text.find('<', pos);
    if (pos == std::string_view::npos || pos + 1 >= text.size()) return false;
    std::string_view rest = text.substr(pos);
    if (rest.starts_with("<?")) {
      pos = text.find("?>", pos);
    } else if (rest.starts_with("<!--")) {
      pos = text.find("-->", pos);
    } else {
      return rest.starts_with("<!");  // <!DOCTYPE (any case) or another declaration
    }
    if (pos == std::string_view::npos) return false;
  }
}

}  // namespace

Expected<std::unique_ptr<XmlDocument>> parse_xml(std::string text, std::string_view name) {
  if (has_doctype(text)) {
    return make_error(ErrorCode::kInvalidInput,
                      "'{}': document type declarations are refused (external entities)", name);
  }
  auto doc = std::make_unique<XmlDocument>();
  doc->text = std::move(text);
  // parse_default without parse_doctype; entities other than the five predefined and numeric
  // character references cannot occur without a DOCTYPE.
  const pugi::xml_parse_result parsed = doc->doc.load_buffer_inplace(
      doc->text.data(), doc->text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
      pugi::encoding_utf8);
  if (!parsed) {
    return make_error(ErrorCode::kInvalidInput, "'{}': offset {}: {}", name, parsed.offset,
                      parsed.description());
  }
  if (!doc->root()) {
    return make_error(ErrorCode::kInvalidInput, "'{}': no root element", name);
  }
  return doc;
}

Expected<std::unique_ptr<XmlDocument>> load_xml_file(const std::string& path,
                                                     std::size_t max_bytes) {
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  if (ec)
    return make_error(ErrorCode::kInvalidInput, "cannot resolve '{}': {}", path, ec.message());
  auto fs = RootFs::open("/");
  if (!fs) return fs.error();
  auto text = fs->read_file(absolute.string(), max_bytes);
  if (!text) return text.error();
  return parse_xml(std::move(*text), path);
}

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

std::string node_text(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return out;
}

}  // namespace patchplan::harden
