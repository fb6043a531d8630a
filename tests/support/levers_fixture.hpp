// Synthetic equipment data and levers on top of support/synthetic.hpp.
#pragma once

#include "carecast/engine/levers.hpp"
#include "synthetic.hpp"

namespace carecast::testing {

// Equipment for the synthetic base: the hospital invests 1.2 bn NOK a year (imaging 0.5,
// laboratory 0.3, ICT 0.4), long-term care 0.2 bn (remote monitoring 0.1, ICT 0.1);
// 860 000 / 690 000 NOK per årsverk.
inline engine::BaseData synthetic_base_with_equipment(unsigned seed) {
  engine::BaseData base = synthetic_base(seed);
  base.equipment.base_investment = Eigen::MatrixXd::Zero(2, engine::kEquipmentCategoryCount);
  base.equipment.base_investment(0, int(engine::EquipmentCategory::imaging)) = 0.5e9;
  base.equipment.base_investment(0, int(engine::EquipmentCategory::laboratory_automation)) = 0.3e9;
  base.equipment.base_investment(0, int(engine::EquipmentCategory::ict)) = 0.4e9;
  base.equipment.base_investment(1, int(engine::EquipmentCategory::remote_monitoring)) = 0.1e9;
  base.equipment.base_investment(1, int(engine::EquipmentCategory::ict)) = 0.1e9;
  base.equipment.labour_cost_per_arsverk = {860000.0, 690000.0};
  return base;
}

inline engine::CapitalLever capital_lever(std::size_t service, engine::EquipmentCategory category, double amount,
                                          int start = 2027, int end = 2060) {
  engine::CapitalLever lever;
  lever.name = "capital_" + std::to_string(service) + "_" + std::to_string(int(category));
  lever.service = service;
  lever.category = category;
  lever.amount_nok = amount;
  lever.start_year = start;
  lever.end_year = end;
  lever.ramp_years = 3;
  lever.lag_years = 1;
  return lever;
}

inline engine::TechnologyLever technology_lever(std::size_t service, double ceiling) {
  engine::TechnologyLever lever;
  lever.name = "technology_" + std::to_string(service);
  lever.service = service;
  lever.start_year = 2025;
  lever.midpoint_year = 2032.0;
  lever.ceiling = ceiling;
  lever.steepness = 0.4;
  lever.touched_share = 0.2;
  lever.saving_per_adopter = 0.3;
  lever.potential_units = 10000.0;
  lever.unit_cost_nok_per_year = 5000.0;
  lever.unit_investment_nok = 20000.0;
  lever.unit_lifetime_years = 5.0;
  return lever;
}

inline engine::ScenarioParameters with_default_capital(engine::ScenarioParameters scenario,
                                                       const engine::BaseData& base, double sigma = 0.5) {
  scenario.levers.capital.sigma.assign(base.services.size(), sigma);
  return scenario;
}

}  // namespace carecast::testing
