// WRITTEN for /tmp/namcore to the declarations of the activations.h used here (the registry is a static
// std::unordered_map<std::string, Activation*>; "Tanh" is swapped for "Fasttanh" by enable_fast_tanh(), so a
// model built afterwards resolves its "Tanh" layers to the fast approximation).
#include "activations.h"

static nam::activations::ActivationTanh _TANH = nam::activations::ActivationTanh();
static nam::activations::ActivationFastTanh _FAST_TANH = nam::activations::ActivationFastTanh();
static nam::activations::ActivationHardTanh _HARD_TANH = nam::activations::ActivationHardTanh();
static nam::activations::ActivationReLU _RELU = nam::activations::ActivationReLU();
static nam::activations::ActivationLeakyReLU _LEAKY_RELU = nam::activations::ActivationLeakyReLU(0.01f);
static nam::activations::ActivationSigmoid _SIGMOID = nam::activations::ActivationSigmoid();
static nam::activations::ActivationSwish _SWISH = nam::activations::ActivationSwish();
static nam::activations::ActivationHardSwish _HARD_SWISH = nam::activations::ActivationHardSwish();

bool nam::activations::Activation::using_fast_tanh = false;

std::unordered_map<std::string, nam::activations::Activation*> nam::activations::Activation::_activations = {
  {"Tanh", &_TANH},       {"Hardtanh", &_HARD_TANH}, {"Fasttanh", &_FAST_TANH}, {"ReLU", &_RELU},
  {"LeakyReLU", &_LEAKY_RELU}, {"Sigmoid", &_SIGMOID}, {"SiLU", &_SWISH},        {"Hardswish", &_HARD_SWISH}};

static nam::activations::Activation* tanh_bak = nullptr;

nam::activations::Activation* nam::activations::Activation::get_activation(const std::string name)
{
  if (_activations.find(name) == _activations.end())
    return nullptr;

  return _activations[name];
}

void nam::activations::Activation::enable_fast_tanh()
{
  nam::activations::Activation::using_fast_tanh = true;

  if (_activations["Tanh"] != _activations["Fasttanh"])
  {
    tanh_bak = _activations["Tanh"];
    _activations["Tanh"] = _activations["Fasttanh"];
  }
}

void nam::activations::Activation::disable_fast_tanh()
{
  nam::activations::Activation::using_fast_tanh = false;

  if (_activations["Tanh"] == _activations["Fasttanh"])
  {
    _activations["Tanh"] = tanh_bak;
  }
}
