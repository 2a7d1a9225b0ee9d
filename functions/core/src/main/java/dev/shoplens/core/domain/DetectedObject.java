package dev.shoplens.core.domain;

/**
 * An item found in a photo.
 *
 * @param box   where it is, normalised to the photo's size
 * @param score how sure the finder is, from 0 to 1
 */
public record DetectedObject(Box box, double score) {
}
