// SCAP content loaded once: a source datastream (SCAP 1.3), a stand-alone XCCDF benchmark with
// its OVAL files beside it, or a stand-alone OVAL document.
#pragma once

#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/expected.hpp"
#include "harden/oval_document.hpp"
#include "harden/xccdf_model.hpp"

namespace patchplan::harden {

struct XmlDocument;

class Content {
 public:
  // Loads `path`. A datastream's catalogs map check-content-ref hrefs to its OVAL components;
  // a stand-alone benchmark's hrefs name OVAL files in its directory. Refuses DOCTYPEs,
  // oversized files and documents that are neither datastream, benchmark nor OVAL.
  static Expected<Content> load(const std::string& path);

  Content(Content&&) noexcept;
  Content& operator=(Content&&) noexcept;
  ~Content();

  // The benchmark; absent for a stand-alone OVAL document.
  [[nodiscard]] const Benchmark* benchmark() const { return benchmark_ ? &*benchmark_ : nullptr; }

  // The OVAL document a check-content-ref href names, or nullptr (unknown or remote href).
  [[nodiscard]] const OvalDocument* oval(std::string_view href) const;

  // The href of a stand-alone OVAL document ("" when the content is a benchmark).
  [[nodiscard]] const std::string& oval_href() const { return oval_href_; }

  // The Benchmark element as parsed (for result documents that copy it); empty for OVAL.
  [[nodiscard]] pugi::xml_node benchmark_node() const { return benchmark_node_; }

  // The datastream collection element; empty for stand-alone content.
  [[nodiscard]] pugi::xml_node datastream_node() const { return datastream_node_; }

  // hrefs that name a remote component that was not fetched.
  [[nodiscard]] const std::vector<std::string>& remote_hrefs() const { return remote_; }

 private:
  Content();

  std::vector<std::unique_ptr<XmlDocument>> documents_;
  std::optional<Benchmark> benchmark_;
  std::unordered_map<std::string, std::unique_ptr<OvalDocument>> ovals_;
  std::vector<std::string> remote_;
  std::string oval_href_;
  pugi::xml_node benchmark_node_;
  pugi::xml_node datastream_node_;

  friend class ContentLoader;
};

}  // namespace patchplan::harden
