// unix:password_object and unix:shadow_object probes: /etc/passwd and /etc/shadow of the root,
// fields as getpwent/getspent give them (empty numeric shadow fields are -1, the flag field
// unsigned, as OpenSCAP's shadow_probe.c prints them).
#include <sstream>

#include "common/root_fs.hpp"
#include "harden/probes/probe.hpp"

namespace patchplan::harden {
namespace {

std::vector<std::string> split_colons(const std::string& line) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t next = line.find(':', pos);
    out.push_back(line.substr(pos, next - pos));
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  return out;
}

std::string number_or(const std::string& text, const char* empty) {
  return text.empty() ? std::string(empty) : text;
}

// Reads the colon-separated database `path` and makes an item of each line with
// at least `min_fields` fields whose username the object accepts.
Collected collect_accounts(ProbeContext& context, const ObjectRequest& request,
                           std::string_view path, std::size_t min_fields,
                           Item (*make)(const std::vector<std::string>&)) {
  auto text = context.fs.read_file(path, 64u << 20);
  if (!text) return Collected{Flag::kError, {}, text.error().message};
  const ObjectEntity* username = request.find("username");
  std::vector<Item> items;
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#' || line[0] == '+' || line[0] == '-') continue;
    const auto fields = split_colons(line);
    if (fields.size() < min_fields) continue;
    if (username != nullptr && !entity_matches(*username, fields[0])) continue;
    items.push_back(make(fields));
  }
  return finish(std::move(items), request);
}

Item password_item(const std::vector<std::string>& f) {
  Item item;
  item.add("username", f[0]);
  item.add("password", f[1]);
  item.add("user_id", f[2]);
  item.add("group_id", f[3]);
  item.add("gcos", f[4]);
  item.add("home_dir", f[5]);
  item.add("login_shell", f[6]);
  item.add("last_login", "-1");
  return item;
}

Item shadow_item(const std::vector<std::string>& f) {
  auto at = [&](std::size_t i) { return i < f.size() ? f[i] : std::string(); };
  Item item;
  item.add("username", f[0]);
  item.add("password", f[1]);
  item.add("chg_lst", number_or(at(2), "-1"));
  item.add("chg_allow", number_or(at(3), "-1"));
  item.add("chg_req", number_or(at(4), "-1"));
  item.add("exp_warn", number_or(at(5), "-1"));
  item.add("exp_inact", number_or(at(6), "-1"));
  item.add("exp_date", number_or(at(7), "-1"));
  item.add("flag", number_or(at(8), "18446744073709551615"));
  const std::string& hash = f[1];
  std::string method;
  if (hash.starts_with("$1$")) method = "MD5";
  if (hash.starts_with("$5$")) method = "SHA-256";
  if (hash.starts_with("$6$")) method = "SHA-512";
  if (hash.starts_with("$y$")) method = "YESCRYPT";
  if (!method.empty()) item.add("encrypt_method", method);
  return item;
}

}  // namespace

Collected collect_password(ProbeContext& context, const ObjectRequest& request) {
  return collect_accounts(context, request, "/etc/passwd", 7, password_item);
}

Collected collect_shadow(ProbeContext& context, const ObjectRequest& request) {
  return collect_accounts(context, request, "/etc/shadow", 2, shadow_item);
}

}  // namespace patchplan::harden
