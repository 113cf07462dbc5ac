#pragma once

namespace confab::net {

// One visitor from several lambdas, for std::visit over events and results.
template <class... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

}  // namespace confab::net
