// Period life tables from central death rates.
#pragma once

#include "carecast/engine/types.hpp"

#include <limits>

namespace carecast::engine {

// A single-year period life table with radix l(0) = 1; the last age is open-ended.
struct LifeTable {
  Eigen::ArrayXd qx;  // probability of dying between exact ages a and a+1 (1 at the top)
  Eigen::ArrayXd lx;  // survivors to exact age a
  Eigen::ArrayXd Lx;  // person-years lived between ages a and a+1 (open: from the top age on)
  Eigen::ArrayXd Tx;  // person-years lived above age a
  Eigen::ArrayXd ex;  // remaining life expectancy at exact age a, years
};

// Builds the table from mx (deaths per person-year) by single age, the last age open-ended.
// Deaths are spread evenly within a year of age (a_x = 0.5) except in the first year, where
// the Coale–Demeny separation factor for the sex is used. Requires mx > 0 at the top age.
LifeTable life_table(const Eigen::ArrayXd& mx, Sex sex);

// Life expectancy at birth only; cheaper than a full table.
double life_expectancy_at_birth(const Eigen::ArrayXd& mx, Sex sex);

// Finds κ such that life_expectancy_at_birth(mx · exp(−κ · pattern)) equals `target_e0`:
// death rates fall over time with an age pattern of decline (as in the Lee–Carter model);
// a pattern of ones is proportional hazards. Throws std::domain_error when the target is
// outside what κ in [−20, 20] can reach. `hint` (a nearby κ, such as the previous year's)
// narrows the first bracket; NaN means none. Solved to |e0 − target| < 1e-10 years.
double mortality_shift_for_e0(const Eigen::ArrayXd& mx, const Eigen::ArrayXd& pattern, Sex sex, double target_e0,
                              double hint = std::numeric_limits<double>::quiet_NaN());

}  // namespace carecast::engine
