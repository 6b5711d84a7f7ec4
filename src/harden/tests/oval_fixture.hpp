// Test helpers: a stand-alone OVAL document evaluated inside a temporary root.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "common/root_fs.hpp"
#include "common/tests/test_files.hpp"
#include "harden/content.hpp"
#include "harden/oval_engine.hpp"
#include "harden/probes/file_tree.hpp"

namespace patchplan::harden::testing {

// OVAL definitions document text around `body` (definitions, tests, objects, states,
// variables sections as given), with a generator of `schema_version` that oscap accepts.
std::string oval_document(const std::string& body, const std::string& schema_version = "5.11");

// The Debian 12 datastream of the shared data, loaded once per test process.
const Content& debian12_content();

// Evaluates stand-alone OVAL content against a root, definition by definition.
class OvalRun {
 public:
  OvalRun(const std::string& document_path, const std::string& root, ExternalValues externals = {});

  OvalResult definition(const std::string& id) { return engine_->definition(id); }
  OvalEngine& engine() { return *engine_; }

 private:
  std::unique_ptr<Content> content_;
  std::unique_ptr<RootFs> fs_;
  std::unique_ptr<FileTreeCache> trees_;
  std::unique_ptr<ProbeContext> probes_;
  std::unique_ptr<OvalEngine> engine_;
};

}  // namespace patchplan::harden::testing
