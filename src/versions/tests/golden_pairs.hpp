// The golden table of version orderings: classic cases of Debian Policy 5.6.12 and of
// real security updates, each also checked against libdpkg by dpkg_oracle_test.cpp.
#pragma once

#include <array>
#include <string_view>

namespace patchplan::versions::testing {

struct GoldenPair {
  std::string_view a;
  std::string_view b;
  int order;  // the sign of compare(a, b): -1, 0 or 1
};

inline constexpr std::array kGoldenPairs = {
    // '~' sorts before everything, even the end of the part.
    GoldenPair{"1.0~rc1", "1.0", -1},
    GoldenPair{"1.0~~", "1.0~", -1},
    GoldenPair{"1.0~~a", "1.0~~", 1},
    GoldenPair{"1.0~", "1.0", -1},
    GoldenPair{"1.0~rc1", "1.0~rc2", -1},
    GoldenPair{"1.0~rc1", "1.0~beta1", 1},
    GoldenPair{"2.30-1~deb12u1", "2.30-1", -1},
    GoldenPair{"1.0-~", "1.0", -1},
    // Letters sort before non-letters; anything sorts after the end.
    GoldenPair{"1.0", "1.0+b1", -1},
    GoldenPair{"1.0a", "1.0+", -1},
    GoldenPair{"1.0a", "1.0.", -1},
    GoldenPair{"1.0.0", "1.0a", 1},
    GoldenPair{"1.0+dfsg", "1.0", 1},
    GoldenPair{"1.0-a", "1.0-+", -1},
    GoldenPair{"1.0A", "1.0a", -1},
    GoldenPair{"1.0", "1.0.0", -1},
    // Digit runs are numbers: leading zeros ignored, any length.
    GoldenPair{"1.002", "1.2", 0},
    GoldenPair{"1.0", "1.00", 0},
    GoldenPair{"10", "9", 1},
    GoldenPair{"1.10", "1.9", 1},
    GoldenPair{"0001", "1", 0},
    GoldenPair{"18446744073709551617", "18446744073709551616", 1},
    GoldenPair{"100000000000000000000000000000000000000000",
               "99999999999999999999999999999999999999999", 1},
    GoldenPair{"1.000000000000000000000000000000000000000000000000000000000001", "1.1", 0},
    // The epoch decides first, numerically.
    GoldenPair{"1:0", "9", 1},
    GoldenPair{"1:1.0", "2:0.1", -1},
    GoldenPair{"0:1.0", "1.0", 0},
    GoldenPair{"00001:1", "1:1", 0},
    GoldenPair{"10:1", "9:2", 1},
    GoldenPair{"2147483647:0", "2147483646:9", 1},
    // Revisions: absent equals "0"; compared after the upstream part.
    GoldenPair{"1.0-1", "1.0", 1},
    GoldenPair{"1.0-0", "1.0", 0},
    GoldenPair{"1.0-0.1", "1.0", 1},
    GoldenPair{"1.0-1", "1.0-1.0", -1},
    GoldenPair{"1.2.3-1", "1.2.3-1.1", -1},
    GoldenPair{"1.0-2", "1.0-10", -1},
    GoldenPair{"1-2-3", "1-2", 1},
    GoldenPair{"1.0-1-1", "1.0-2", 1},
    GoldenPair{"1:2:3", "1:2:4", -1},
    // Real security updates of bookworm.
    GoldenPair{"2.30-1+deb12u1", "2.30-1", 1},
    GoldenPair{"2.36-9+deb12u4", "2.36-9+deb12u10", -1},
    GoldenPair{"7.88.1-10+deb12u5", "7.88.1-10+deb12u12", -1},
    GoldenPair{"3.0.15-1~deb12u1", "3.0.11-1~deb12u2", 1},
    GoldenPair{"1:9.18.33-1~deb12u2", "1:9.18.28-1~deb12u2", 1},
    GoldenPair{"6.1.0-28", "6.1.0-9", 1},
    // Blanks around a version are not part of it.
    GoldenPair{" 1.0", "1.0\t", 0},
    GoldenPair{"1.0", "1.0", 0},
};

}  // namespace patchplan::versions::testing
