#pragma once

#include <QString>

// Light and dark looks for the whole application, remembered in QSettings.
class Theme {
 public:
  enum class Kind { Light, Dark };

  static void apply(Kind kind);
  static Kind current();
  static Kind saved();
  static void save(Kind kind);
  static QString name(Kind kind);
};
