// A store and sandbox hosts for the deployment tests, and change requests for them.
#pragma once

#include <gtest/gtest.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/tests/test_files.hpp"
#include "deploy/change_request.hpp"
#include "deploy/host_deployment.hpp"
#include "deploy/tests/lab_repository.hpp"
#include "deploy/tests/sandbox_root.hpp"
#include "store/store.hpp"

namespace patchplan::deploy::testing {

class DeployFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!can_sandbox()) GTEST_SKIP() << kNeedsRoot;
    auto opened = store::Store::open(db_path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_.emplace(std::move(*opened));
    settings_.state_dir = (dir_.path() / "state").string();
    settings_.actor = store::current_actor("patchplan-test");
  }

  // A failed test shows the journal: every step with its commands and their output.
  void TearDown() override {
    if (!HasFailure() || !store_) return;
    auto entries = store().journal().list({});
    if (!entries) return;
    for (const auto& entry : *entries) {
      std::cerr << entry.change.host << " " << entry.change.action << " "
                << entry.change.details.substr(0, 3000) << "\n";
    }
  }

  [[nodiscard]] std::string db_path() const { return (dir_.path() / "patchplan.db").string(); }
  store::Store& store() { return *store_; }

  // A new sandbox host, with `packages` ("name=version") installed.
  SandboxRoot& add_host(const std::vector<std::string>& packages) {
    hosts_.push_back(std::make_unique<SandboxRoot>());
    if (!packages.empty()) hosts_.back()->install(packages);
    return *hosts_.back();
  }

  // A request to install `pins` ("name=version", Architecture all) on every host so far,
  // host i named "h<i>" in ring `rings[i]` (0 when not given), with the demo health check.
  ChangeRequest request(const std::string& id, const std::vector<std::string>& pins,
                        const std::vector<int>& rings = {}) const {
    ChangeRequest out;
    out.change_id = id;
    out.reason = "test change";
    for (std::size_t i = 0; i < hosts_.size(); ++i) {
      out.hosts.push_back({fmt::format("h{}", i),
                           hosts_[i]->target(),
                           i < rings.size() ? rings[i] : 0,
                           {},
                           {},
                           {},
                           {}});
    }
    for (const auto& pin : pins) {
      std::size_t eq = pin.find('=');
      out.packages.push_back({pin.substr(0, eq), "all", pin.substr(eq + 1)});
    }
    HealthCheck check;
    check.name = "demo-svc health";
    check.argv = {"sh", "-c", kDemoHealthScript};
    out.policy.checks.push_back(check);
    out.policy.lock_timeout = std::chrono::seconds(2);
    // The lab repository offers every version; most scenarios install older ones.
    out.policy.require_candidate = false;
    return out;
  }

  // Runs the request's first host alone, as the rollout would, and returns its record.
  store::DeployHostRecord deploy_one(const ChangeRequest& change) {
    store::DeployRecords records(store().database());
    std::vector<store::DeployHostRecord> rows;
    for (const auto& host : change.hosts) {
      store::DeployHostRecord row;
      row.change_id = change.change_id;
      row.host = host.name;
      row.ring = host.ring;
      rows.push_back(row);
    }
    auto created = records.create_change(
        {change.change_id, store::system_now(), change_request_json(change), "running"}, rows);
    EXPECT_TRUE(created.has_value()) << created.error().message;
    HostDeployment deployment(store(), change, rows.front(), settings_);
    auto result = deployment.run();
    EXPECT_TRUE(result.has_value()) << result.error().message;
    return result ? *result : store::DeployHostRecord{};
  }

  // The journal verifies and holds `action` for `host`.
  void expect_journal_has(const std::string& host, const std::string& action) {
    auto verified = store().journal().verify();
    ASSERT_TRUE(verified.has_value() && verified->intact());
    store::JournalFilter filter;
    filter.host = host;
    auto entries = store().journal().list(filter);
    ASSERT_TRUE(entries.has_value());
    bool found = false;
    for (const auto& entry : *entries) found = found || entry.change.action == action;
    EXPECT_TRUE(found) << "no journal entry " << action << " for " << host;
  }

  patchplan::testing::TempDir dir_;
  std::optional<store::Store> store_;
  DeploySettings settings_;
  std::vector<std::unique_ptr<SandboxRoot>> hosts_;
};

}  // namespace patchplan::deploy::testing
