package dev.shoplens.core.domain;

import java.util.Locale;

/**
 * The part of a photo to search with, in coordinates normalised to the photo's size: (0, 0) is the top-left
 * corner, (1, 1) the bottom-right. Shoppers draw it around the item when the photo holds several.
 */
public record Box(double left, double top, double right, double bottom) {
    public Box {
        if (!(inUnit(left) && inUnit(top) && inUnit(right) && inUnit(bottom))) {
            throw ShopLensException.invalid(String.format(Locale.ROOT,
                    "box (%s, %s, %s, %s) must lie within the photo: every coordinate from 0 to 1", left, top, right, bottom));
        }
        if (left >= right || top >= bottom) {
            throw ShopLensException.invalid("box is empty: left must be less than right and top less than bottom");
        }
    }

    /** Intersection over union with another box: 1 when they are the same, 0 when they do not touch. */
    public double iou(Box other) {
        double w = Math.max(0, Math.min(right, other.right) - Math.max(left, other.left));
        double h = Math.max(0, Math.min(bottom, other.bottom) - Math.max(top, other.top));
        double inter = w * h;
        return inter / ((right - left) * (bottom - top) + (other.right - other.left) * (other.bottom - other.top) - inter);
    }

    private static boolean inUnit(double v) {
        return v >= 0 && v <= 1 && !Double.isNaN(v);
    }

    /** Reads "left,top,right,bottom", as the query parameter {@code box} carries it. */
    public static Box parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(",");
        if (parts.length != 4) {
            throw ShopLensException.invalid("box must be four numbers: left,top,right,bottom (from 0 to 1)");
        }
        try {
            return new Box(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()),
                    Double.parseDouble(parts[2].strip()), Double.parseDouble(parts[3].strip()));
        } catch (NumberFormatException e) {
            throw ShopLensException.invalid("box must be four numbers: left,top,right,bottom (from 0 to 1), got '"
                    + text + "'");
        }
    }
}
