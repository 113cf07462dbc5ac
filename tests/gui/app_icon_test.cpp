#include <QImage>

#include <doctest/doctest.h>

#include "AppIcon.h"

namespace {

QImage rendered(AppIconKind kind, int size) {
  return appIcon(kind).pixmap(size, size).toImage();
}

}  // namespace

TEST_CASE("each program has its own icon, drawn at every size the desktop asks for") {
  for (const auto kind : {AppIconKind::Chat, AppIconKind::Console}) {
    const auto sizes = appIcon(kind).availableSizes();
    CHECK(sizes.contains(QSize(16, 16)));
    CHECK(sizes.contains(QSize(256, 256)));
    for (const int size : {16, 48, 256}) {
      const auto image = rendered(kind, size);
      REQUIRE(image.size() == QSize(size, size));
      // The bubble fills the middle; the corners stay transparent.
      CHECK(image.pixelColor(size / 2, size / 4).alpha() == 255);
      CHECK(image.pixelColor(size - 1, size - 1).alpha() == 0);
    }
  }
  CHECK(rendered(AppIconKind::Chat, 64) != rendered(AppIconKind::Console, 64));
}
