package djlab.data;

import java.util.Arrays;

/** Images as unsigned bytes (N x C x H x W, row-major) with one byte label each: the form every source is read into. */
public record RawImages(int count, long[] imageShape, byte[] pixels, byte[] labels) {

    public int imageSize() {
        long size = 1;
        for (long d : imageShape) size *= d;
        return (int) size;
    }

    /** The first {@code n} records (all of them if n is null or larger). */
    public RawImages first(Integer n) {
        if (n == null || n >= count) return this;
        return new RawImages(n, imageShape, Arrays.copyOf(pixels, n * imageSize()), Arrays.copyOf(labels, n));
    }

    /** The records at {@code indices}, in that order. */
    public RawImages select(int[] indices) {
        int size = imageSize();
        byte[] p = new byte[indices.length * size];
        byte[] l = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * size, p, i * size, size);
            l[i] = labels[indices[i]];
        }
        return new RawImages(indices.length, imageShape, p, l);
    }
}
