// Test helpers for OVAL documents.
#include "harden/tests/oval_fixture.hpp"

namespace patchplan::harden::testing {

std::string oval_document(const std::string& body, const std::string& schema_version) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
  xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"
  xmlns:ind="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent"
  xmlns:unix="http://oval.mitre.org/XMLSchema/oval-definitions-5#unix"
  xmlns:linux="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<generator><oval:schema_version>)" +
         schema_version + R"(</oval:schema_version>
<oval:timestamp>2026-01-01T00:00:00</oval:timestamp></generator>
)" + body +
         "\n</oval_definitions>\n";
}

const Content& debian12_content() {
  static const Content content = [] {
    auto loaded = Content::load(PATCHPLAN_SHARED_DIR "/data/scap/ssg-debian12-ds.xml");
    if (!loaded) {
      ADD_FAILURE() << loaded.error().message;
      std::abort();
    }
    return std::move(*loaded);
  }();
  return content;
}

OvalRun::OvalRun(const std::string& document_path, const std::string& root,
                 ExternalValues externals) {
  auto content = Content::load(document_path);
  if (!content) {
    ADD_FAILURE() << content.error().message;
    std::abort();
  }
  content_ = std::make_unique<Content>(std::move(*content));
  auto fs = RootFs::open(root);
  auto trees = FileTreeCache::open(root);
  if (!fs || !trees) std::abort();
  fs_ = std::make_unique<RootFs>(std::move(*fs));
  trees_ = std::move(*trees);
  probes_ = std::make_unique<ProbeContext>(ProbeContext{*fs_, *trees_, nullptr, ""});
  engine_ = std::make_unique<OvalEngine>(*content_->oval(content_->oval_href()), *probes_,
                                         std::move(externals));
}

}  // namespace patchplan::harden::testing
