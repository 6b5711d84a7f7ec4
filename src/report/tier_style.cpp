// tier_style.
#include "report/tier_style.hpp"

namespace patchplan::report {

Style tier_style(assessment::Tier tier) {
  switch (tier) {
    case assessment::Tier::kCritical:
      return Style::kRed;
    case assessment::Tier::kImportant:
      return Style::kYellow;
    case assessment::Tier::kMinor:
      return Style::kPlain;
  }
  return Style::kPlain;
}

}  // namespace patchplan::report
