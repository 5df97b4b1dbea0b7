#pragma once
// The model settings about money: model.batch, model.batch_max_wait and model.prices. Internal to
// the loader.
#include <yaml-cpp/yaml.h>

#include "config/config.hpp"
#include "config/yaml_reader.hpp"

namespace ytm::config {

// Reads batch, batch_max_wait and prices of the model map; after backend is known.
void read_model_costs(YamlReader& r, const YAML::Node& model, ModelSettings& m);

}  // namespace ytm::config
