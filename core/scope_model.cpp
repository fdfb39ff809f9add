#include "core/scope_model.hpp"

namespace lanemerge::core {

const Item* ScopedDoc::container_of(const std::string& child_id) const {
  if (!indexed_) {
    for (const auto& parent : lazy_parents)
      if (auto it = scopes.find(parent); it != scopes.end())
        for (const auto& item : it->second.items)
          if (!item.child.empty()) containers_.emplace(item.child, &item);
    indexed_ = true;
  }
  auto it = containers_.find(child_id);
  return it == containers_.end() || it->second->child != child_id ? nullptr : it->second;
}

const Scope* ScopedDoc::scope(const std::string& id) const {
  if (auto it = scopes.find(id); it != scopes.end()) return &it->second;
  if (auto it = children_read_.find(id); it != children_read_.end()) return &it->second;
  const Item* container = container_of(id);
  if (!container || !read_child) return nullptr;
  std::optional<Scope> child = read_child(*this, *container);
  if (!child) return nullptr;
  return &children_read_.emplace(id, std::move(*child)).first->second;
}

}  // namespace lanemerge::core
