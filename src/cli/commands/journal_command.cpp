// `patchplan journal`: list the change journal, or verify its hash chain.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands/commands.hpp"
#include "cli/host_access.hpp"
#include "report/json_text.hpp"
#include "report/schema_version.hpp"
#include "report/terminal.hpp"

namespace patchplan::cli {
namespace {

// What a deployment entry's details say in one line: its change, and the state, outcome,
// error, exit code, resolver, blockers and failures it records (the rest is in --json).
std::string deployment_facts(const store::JournalChange& change) {
  if (!change.action.starts_with("deploy.")) return "";
  const auto details = nlohmann::json::parse(change.details, nullptr, false);
  if (!details.is_object()) return "";
  std::vector<std::string> facts;
  auto text = [&](const char* key) -> std::string {
    auto it = details.find(key);
    return it != details.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto list = [&](const char* key, const char* label) {
    auto it = details.find(key);
    if (it == details.end() || !it->is_array() || it->empty()) return;
    std::string joined;
    for (const auto& item : *it) {
      if (item.is_string()) joined += (joined.empty() ? "" : "; ") + item.get<std::string>();
    }
    facts.push_back(fmt::format("{}: {}", label, joined));
  };
  if (auto id = text("change"); !id.empty()) facts.push_back("change " + id);
  if (auto state = text("state"); !state.empty()) facts.push_back(state);
  if (auto outcome = text("outcome"); !outcome.empty()) facts.push_back(outcome);
  if (auto error = text("error"); !error.empty()) facts.push_back("error: " + error);
  if (auto code = details.find("exit_code"); code != details.end() && code->is_number()) {
    facts.push_back(fmt::format("exit code {}", code->get<int>()));
  }
  if (auto resolver = text("resolver"); !resolver.empty())
    facts.push_back("decided by " + resolver);
  list("blockers", "blockers");
  list("failures", "failures");
  list("differences", "differences");
  std::string line;
  for (const auto& fact : facts) line += (line.empty() ? "" : " · ") + fact;
  return line;
}

struct JournalOptions {
  bool verify = false;
  std::optional<std::int64_t> limit;
  std::optional<std::string> since;
};

nlohmann::json entry_to_json(const store::JournalEntry& entry) {
  const auto& change = entry.change;
  return {{"id", entry.id},
          {"time", store::format_timestamp(entry.time)},
          {"user", change.actor.user},
          {"uid", change.actor.uid},
          {"tool", change.actor.tool},
          {"host", change.host},
          {"action", change.action},
          {"reason", change.reason},
          {"before_digest", change.before_digest},
          {"after_digest", change.after_digest},
          {"details", nlohmann::json::parse(change.details, nullptr, false)},
          {"hash", entry.hash}};
}

Expected<int> verify(store::Store& db, const GlobalOptions& options) {
  auto result = db.journal().verify();
  if (!result) return result.error();
  if (options.json) {
    nlohmann::json document = {{"schema_version", report::kSchemaVersion},
                               {"kind", "journal-verification"},
                               {"intact", result->intact()},
                               {"verified_entries", result->head_id},
                               {"head_hash", result->head_hash}};
    if (result->first_break) {
      document["first_break"] = {{"entry_id", result->first_break->entry_id},
                                 {"message", result->first_break->message}};
    }
    print_output(report::to_json_text(document) + "\n");
  } else if (result->intact()) {
    print_output(
        fmt::format("journal intact: {} entries, head {}\n", result->head_id, result->head_hash));
  } else {
    print_output(fmt::format("journal ALTERED: {}\n(entries 1 to {} verify)\n",
                             result->first_break->message, result->head_id));
  }
  return result->intact() ? kExitSuccess : kExitVerifyFailed;
}

Expected<int> list(store::Store& db, const JournalOptions& journal_options,
                   const GlobalOptions& options) {
  store::JournalFilter filter;
  filter.host = options.host;
  filter.limit = journal_options.limit;
  if (journal_options.since) {
    std::string text = *journal_options.since;
    if (text.size() == 10) text += "T00:00:00.000Z";  // a date alone means its midnight, UTC
    auto since = store::parse_timestamp(text);
    if (!since) return since.error().context("--since");
    filter.since = *since;
  }
  auto entries = db.journal().list(filter);
  if (!entries) return entries.error();
  if (options.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& entry : *entries) rows.push_back(entry_to_json(entry));
    print_output(report::to_json_text({{"schema_version", report::kSchemaVersion},
                                       {"kind", "journal"},
                                       {"entries", std::move(rows)}}) +
                 "\n");
    return kExitSuccess;
  }
  auto terminal = report::Terminal::for_stream(stdout);
  // Columns as wide as this listing's longest action and host (deployment steps such as
  // "deploy.checkpoint.begin" are longer than a fixed column).
  std::size_t action_width = 14;
  std::size_t host_width = 4;
  for (const auto& entry : *entries) {
    action_width = std::max(action_width, std::min<std::size_t>(entry.change.action.size(), 32));
    host_width = std::max(host_width, std::min<std::size_t>(entry.change.host.size(), 32));
  }
  std::string out;
  for (const auto& entry : *entries) {
    const auto& change = entry.change;
    fmt::format_to(std::back_inserter(out), "{:>5} {} {:<{}} {:<{}} by {}{}\n", entry.id,
                   store::format_timestamp(entry.time), change.action, action_width, change.host,
                   host_width, change.actor.user,
                   change.reason.empty() ? "" : ": " + change.reason);
    if (std::string facts = deployment_facts(change); !facts.empty()) {
      fmt::format_to(std::back_inserter(out), "      {}\n",
                     terminal.paint(report::Style::kDim, facts));
    }
    if (!change.after_digest.empty()) {
      fmt::format_to(
          std::back_inserter(out), "      {}\n",
          terminal.paint(report::Style::kDim, fmt::format("before {} after {}",
                                                          change.before_digest.empty()
                                                              ? std::string("-")
                                                              : change.before_digest.substr(0, 12),
                                                          change.after_digest.substr(0, 12))));
    }
  }
  if (entries->empty()) out = "the journal is empty\n";
  print_output(out);
  return kExitSuccess;
}

}  // namespace

Handler setup_journal_command(CLI::App& app) {
  auto journal_options = std::make_shared<JournalOptions>();
  app.add_flag("--verify", journal_options->verify,
               "Check the hash chain; exit 3 if an entry was edited, removed or reordered");
  app.add_option("--limit", journal_options->limit, "Show the newest N entries");
  app.add_option("--since", journal_options->since, "Show entries from this time (ISO 8601)");
  return [journal_options](const GlobalOptions& options) -> Expected<int> {
    auto db = open_store(options);
    if (!db) return db.error();
    if (journal_options->verify) return verify(*db, options);
    return list(*db, *journal_options, options);
  };
}

}  // namespace patchplan::cli
