// Basic value types shared by every part of the engine.
//
// Conventions used throughout carecast:
//   - persons are counted on 1 January of a year;
//   - årsverk (full-time equivalents) are counted for a whole year;
//   - ages are single years 0..top_age, the top age being open-ended (105 = 105 or older);
//   - rates given per year are fractions (0.005 = 0.5 % a year) inside the engine; the
//     configuration layer converts from the percent figures users write.
#pragma once

#include <Eigen/Core>

#include <array>
#include <string_view>
#include <utility>
#include <vector>

namespace carecast::engine {

enum class Sex : int { female = 0, male = 1 };
inline constexpr int kSexCount = 2;
inline constexpr std::array<std::string_view, kSexCount> kSexNames{"female", "male"};

// Values by single year of age (rows 0..top_age) and sex (column 0 female, 1 male).
using AgeSexArray = Eigen::Array<double, Eigen::Dynamic, kSexCount>;

// A quantity that changes over calendar years: linear between (year, value) knots and
// constant before the first and after the last knot. An empty path is invalid.
class TimePath {
 public:
  TimePath() = default;
  // Knots need not be sorted; duplicate years are a programming error (checked).
  explicit TimePath(std::vector<std::pair<int, double>> knots);
  static TimePath constant(double value);

  double at(int year) const;
  // at(first_year + i) for i in [0, count) into out[i · stride], in one walk over the knots
  // (the same arithmetic as at(), so the same bits).
  void fill(int first_year, int count, double* out, std::size_t stride = 1) const;
  const std::vector<std::pair<int, double>>& knots() const { return knots_; }
  bool empty() const { return knots_.empty(); }

  // Adds a knot in front of the others when the path starts after `year`; used to anchor
  // a target path (for example life expectancy) at its observed base-year value.
  TimePath anchored_at(int year, double value) const;

 private:
  std::vector<std::pair<int, double>> knots_;  // sorted by year
};

}  // namespace carecast::engine
