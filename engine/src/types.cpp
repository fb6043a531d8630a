#include "carecast/engine/types.hpp"

#include "carecast/engine/check.hpp"

#include <algorithm>

namespace carecast::engine {

TimePath::TimePath(std::vector<std::pair<int, double>> knots) : knots_(std::move(knots)) {
  std::sort(knots_.begin(), knots_.end());
  for (std::size_t i = 1; i < knots_.size(); ++i) {
    CARECAST_CHECK(knots_[i].first != knots_[i - 1].first, "duplicate year in a time path");
  }
}

TimePath TimePath::constant(double value) { return TimePath({{0, value}}); }

double TimePath::at(int year) const {
  CARECAST_CHECK(!knots_.empty(), "empty time path");
  if (year <= knots_.front().first) return knots_.front().second;
  if (year >= knots_.back().first) return knots_.back().second;
  auto upper = std::upper_bound(knots_.begin(), knots_.end(), year,
                                [](int y, const std::pair<int, double>& knot) { return y < knot.first; });
  auto lower = upper - 1;
  const double weight = double(year - lower->first) / double(upper->first - lower->first);
  return lower->second + weight * (upper->second - lower->second);
}

void TimePath::fill(int first_year, int count, double* out, std::size_t stride) const {
  CARECAST_CHECK(!knots_.empty(), "empty time path");
  std::size_t upper = 0;  // the first knot after the year
  for (int i = 0; i < count; ++i) {
    const int year = first_year + i;
    double& value = out[std::size_t(i) * stride];
    if (year <= knots_.front().first) {
      value = knots_.front().second;
      continue;
    }
    if (year >= knots_.back().first) {
      value = knots_.back().second;
      continue;
    }
    while (knots_[upper].first <= year) ++upper;
    const auto& lower = knots_[upper - 1];
    const auto& next = knots_[upper];
    const double weight = double(year - lower.first) / double(next.first - lower.first);
    value = lower.second + weight * (next.second - lower.second);
  }
}

TimePath TimePath::anchored_at(int year, double value) const {
  if (!knots_.empty() && knots_.front().first <= year) return *this;
  auto knots = knots_;
  knots.insert(knots.begin(), {year, value});
  return TimePath(std::move(knots));
}

}  // namespace carecast::engine
