// Content loading: datastream components resolved through ds:component-ref and cat:catalog
// (SCAP 1.3, NIST SP 800-126r3 section 3.1), stand-alone XCCDF and OVAL.
#include "harden/content.hpp"

#include <filesystem>
#include <pugixml.hpp>

#include "common/deb822.hpp"
#include "harden/xccdf_parse.hpp"
#include "harden/xml_load.hpp"

namespace patchplan::harden {

Content::Content() = default;
Content::Content(Content&&) noexcept = default;
Content& Content::operator=(Content&&) noexcept = default;
Content::~Content() = default;

const OvalDocument* Content::oval(std::string_view href) const {
  auto it = ovals_.find(std::string(href));
  return it == ovals_.end() ? nullptr : it->second.get();
}

class ContentLoader {
 public:
  explicit ContentLoader(Content& content) : content_(content) {}

  Status load_datastream(const pugi::xml_node& collection, const std::string& path) {
    std::unordered_map<std::string, pugi::xml_node> components;
    for (pugi::xml_node c = collection.first_child(); c; c = c.next_sibling()) {
      if (local_name(c) == "component") components.emplace(c.attribute("id").value(), c);
    }
    pugi::xml_node stream = child(collection, "data-stream");
    if (!stream) return make_error(ErrorCode::kInvalidInput, "'{}': no data-stream", path);

    // component-ref id -> the component element (or nothing for a remote href).
    std::unordered_map<std::string, pugi::xml_node> refs;
    std::vector<pugi::xml_node> catalogs;
    pugi::xml_node benchmark_node;
    for (pugi::xml_node section = stream.first_child(); section; section = section.next_sibling()) {
      for (pugi::xml_node ref = section.first_child(); ref; ref = ref.next_sibling()) {
        if (local_name(ref) != "component-ref") continue;
        std::string_view href = ref.attribute("xlink:href").value();
        pugi::xml_node target;
        if (href.starts_with('#')) {
          auto it = components.find(std::string(href.substr(1)));
          if (it != components.end()) target = it->second;
        } else {
          remote_ids_.emplace_back(ref.attribute("id").value());
        }
        refs.emplace(ref.attribute("id").value(), target);
        if (pugi::xml_node catalog = child(ref, "catalog")) catalogs.push_back(catalog);
        if (local_name(section) == "checklists" && target && !benchmark_node) {
          benchmark_node = child(target, "Benchmark");
        }
        if (local_name(section) == "dictionaries" && target) dictionaries_.push_back(target);
      }
    }
    if (!benchmark_node) return make_error(ErrorCode::kInvalidInput, "'{}': no benchmark", path);
    auto benchmark = parse_benchmark(benchmark_node);
    if (!benchmark) return benchmark.error().context(fmt::format("'{}'", path));
    content_.benchmark_ = std::move(*benchmark);
    content_.benchmark_node_ = benchmark_node;
    content_.datastream_node_ = collection;

    for (const pugi::xml_node& catalog : catalogs) {
      for (pugi::xml_node uri = catalog.first_child(); uri; uri = uri.next_sibling()) {
        std::string_view target = uri.attribute("uri").value();
        const std::string name = uri.attribute("name").value();
        if (!target.starts_with('#')) continue;
        const std::string ref_id(target.substr(1));
        auto it = refs.find(ref_id);
        if (it == refs.end()) continue;
        if (!it->second) {
          content_.remote_.push_back(name);
          continue;
        }
        if (pugi::xml_node oval = child(it->second, "oval_definitions")) {
          content_.ovals_.try_emplace(name, std::make_unique<OvalDocument>(oval));
        }
      }
    }
    for (const pugi::xml_node& dictionary : dictionaries_) {
      if (pugi::xml_node list = child(dictionary, "cpe-list")) {
        parse_cpe_dictionary(list, *content_.benchmark_);
      }
    }
    return ok();
  }

  Status load_benchmark(const pugi::xml_node& node, const std::string& path) {
    auto benchmark = parse_benchmark(node);
    if (!benchmark) return benchmark.error().context(fmt::format("'{}'", path));
    content_.benchmark_ = std::move(*benchmark);
    content_.benchmark_node_ = node;
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    for (const Rule& rule : content_.benchmark_->rules) {
      for (const Check& check : rule.checks) {
        if (check.system != kOvalSystem) continue;
        for (const CheckContentRef& ref : check.refs) {
          if (content_.ovals_.contains(ref.href)) continue;
          const std::string file = (dir / ref.href).string();
          auto doc = load_xml_file(file);
          if (!doc) {
            // A missing file leaves the rule notchecked, as oscap skips it with a warning; a
            // file that is there but cannot be loaded (malformed, a DOCTYPE, too large) is
            // refused with the content, as oscap refuses malformed content.
            if (doc.error().code == ErrorCode::kNotFound) continue;
            return doc.error().context(
                fmt::format("'{}': rule '{}' checks with '{}', which cannot be loaded", path,
                            rule.id, ref.href));
          }
          if (local_name((*doc)->root()) != "oval_definitions") {
            return make_error(ErrorCode::kInvalidInput,
                              "'{}': '{}' referenced by rule '{}' is not an oval definitions "
                              "document (root element '{}')",
                              path, file, rule.id, (*doc)->root().name());
          }
          content_.ovals_.emplace(ref.href, std::make_unique<OvalDocument>((*doc)->root()));
          content_.documents_.push_back(std::move(*doc));
        }
      }
    }
    return ok();
  }

 private:
  Content& content_;
  std::vector<std::string> remote_ids_;
  std::vector<pugi::xml_node> dictionaries_;
};

Expected<Content> Content::load(const std::string& path) {
  auto doc = load_xml_file(path);
  if (!doc) return doc.error();
  Content content;
  const pugi::xml_node root = (*doc)->root();
  content.documents_.push_back(std::move(*doc));
  ContentLoader loader(content);
  const std::string_view kind = local_name(root);
  if (kind == "data-stream-collection") {
    if (auto loaded = loader.load_datastream(root, path); !loaded) return loaded.error();
  } else if (kind == "Benchmark") {
    if (auto loaded = loader.load_benchmark(root, path); !loaded) return loaded.error();
  } else if (kind == "oval_definitions") {
    content.oval_href_ = std::filesystem::path(path).filename().string();
    content.ovals_.emplace(content.oval_href_, std::make_unique<OvalDocument>(root));
  } else {
    return make_error(ErrorCode::kInvalidInput, "'{}': not scap content (root element '{}')", path,
                      root.name());
  }
  if (content.benchmark_) {
    for (auto& [name, check] : content.benchmark_->cpe_dictionary) {
      check.definition = std::string(trim(check.definition));
    }
  }
  return content;
}

}  // namespace patchplan::harden
