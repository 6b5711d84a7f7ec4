// `patchplan version compare`: Debian version ordering for scripts, one pair or a batch.
#include <cstdio>
#include <iostream>
#include <string>

#include "cli/commands/commands.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::cli {
namespace {

struct CompareOptions {
  std::string ecosystem = "deb";
  bool batch = false;
  std::string left;
  std::string right;
};

char relation(int order) { return order < 0 ? '<' : order > 0 ? '>' : '='; }
int sign(int order) { return order < 0 ? -1 : order > 0 ? 1 : 0; }

// Reads "A<TAB>B" lines from stdin and prints -1, 0 or 1 per line; stops at the first
// line that is not a valid pair, naming it.
Expected<int> compare_batch() {
  std::ios::sync_with_stdio(false);
  std::string line;
  std::string out;
  std::size_t number = 0;
  while (std::getline(std::cin, line)) {
    ++number;
    std::size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      fmt::print(stdout, "{}", out);
      return make_error(ErrorCode::kInvalidInput, "stdin:{}: expected 'A<TAB>B', got '{:.60}'",
                        number, line);
    }
    auto order = versions::compare_checked(std::string_view(line).substr(0, tab),
                                           std::string_view(line).substr(tab + 1));
    if (!order) {
      fmt::print(stdout, "{}", out);
      return order.error().context(fmt::format("stdin:{}", number));
    }
    fmt::format_to(std::back_inserter(out), "{}\n", sign(*order));
    if (out.size() > (1u << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitSuccess;
}

Expected<int> compare(const CompareOptions& options) {
  if (options.ecosystem != "deb") {
    return make_error(ErrorCode::kUsage, "unknown ecosystem '{}' (known: deb)", options.ecosystem);
  }
  if (options.batch) {
    if (!options.left.empty()) {
      return make_error(ErrorCode::kUsage, "--batch reads pairs from stdin; give no versions");
    }
    return compare_batch();
  }
  if (options.left.empty() || options.right.empty()) {
    return make_error(ErrorCode::kUsage, "give two versions A and B, or --batch");
  }
  auto order = versions::compare_checked(options.left, options.right);
  if (!order) return order.error();
  fmt::print("{}\n", relation(*order));
  return kExitSuccess;
}

}  // namespace

Handler setup_version_command(CLI::App& app) {
  auto options = std::make_shared<CompareOptions>();
  app.require_subcommand(1);
  CLI::App* sub = app.add_subcommand("compare", "Compare two versions: prints <, = or >");
  sub->add_option("--ecosystem", options->ecosystem, "Version scheme (deb)");
  sub->add_flag("--batch", options->batch, "Read 'A<TAB>B' lines on stdin, print -1/0/1 each");
  sub->add_option("A", options->left, "First version");
  sub->add_option("B", options->right, "Second version");
  return [options](const GlobalOptions&) { return compare(*options); };
}

}  // namespace patchplan::cli
