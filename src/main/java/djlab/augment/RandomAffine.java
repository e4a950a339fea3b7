package djlab.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Transform;
import djlab.spec.DataSpec;

/**
 * Random shift, rotation, zoom and flips of a batch of images (N x C x H x W, or one C x H x W image), as a DJL
 * {@link Transform}; DJL has no affine augmentation. Each image gets its own draw, from uniform distributions as in
 * the regularisation report: a whole-pixel shift in -shift..shift per axis, an angle in [-rotate, rotate] degrees
 * and a scale in [1 - zoom, 1 + zoom], about the image centre (positive angles turn clockwise as the image is shown,
 * y down), and each enabled flip with probability 1/2. Draws
 * come from one generator seeded by the run's seed, in batch order, so a run is reproducible.
 *
 * <p>The output is sampled from the input with bilinear interpolation on the device (gathers, no copy to Java);
 * points that fall outside the image take the nearest edge pixel (scipy's {@code mode='nearest'}, as the report).
 * A pure whole-pixel shift samples exactly: {@code out[y][x] = in[y - dy][x - dx]}, edges repeated.
 */
public final class RandomAffine implements Transform {

    /** The parameters drawn for one image. */
    public record Draw(int dx, int dy, double degrees, double scale, boolean flipX, boolean flipY) {}

    private final DataSpec.Augment spec;
    private final SeededRandom random;

    public RandomAffine(DataSpec.Augment spec, long seed) {
        this.spec = spec;
        // Its own stream, apart from the shuffling's generator.
        this.random = new SeededRandom(seed * 0x9E3779B97F4A7C15L + 0x41);
    }

    /** The generator's state, for a checkpoint: {@link #restore} continues the draws from there. */
    public long generatorState() {
        return random.state();
    }

    public void restore(long generatorState) {
        random.restore(generatorState);
    }

    /** The next image's parameters. */
    public Draw draw() {
        int dx = spec.shift() == 0 ? 0 : random.nextInt(2 * spec.shift() + 1) - spec.shift();
        int dy = spec.shift() == 0 ? 0 : random.nextInt(2 * spec.shift() + 1) - spec.shift();
        double degrees = spec.rotate() == 0 ? 0 : (2 * random.nextDouble() - 1) * spec.rotate();
        double scale = spec.zoom() == 0 ? 1 : 1 + (2 * random.nextDouble() - 1) * spec.zoom();
        boolean flipX = (spec.flip().equals("horizontal") || spec.flip().equals("both")) && random.nextBoolean();
        boolean flipY = (spec.flip().equals("vertical") || spec.flip().equals("both")) && random.nextBoolean();
        return new Draw(dx, dy, degrees, scale, flipX, flipY);
    }

    @Override
    public NDArray transform(NDArray images) {
        boolean single = images.getShape().dimension() == 3;
        NDArray batch = single ? images.expandDims(0) : images;
        int n = (int) batch.getShape().get(0);
        Draw[] draws = new Draw[n];
        for (int i = 0; i < n; i++) draws[i] = draw();
        NDArray out = apply(batch, draws);
        return single ? out.squeeze(0) : out;
    }

    /**
     * Warps each image by its draw. For every output pixel p the source point is
     * {@code flip(M (p - c - t) + c)} with {@code M = R(-angle) / scale}, c the centre and t the shift.
     */
    public static NDArray apply(NDArray batch, Draw[] draws) {
        Shape shape = batch.getShape();
        int n = (int) shape.get(0);
        long channels = shape.get(1);
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        // Source x = ax * X + bx * Y + ox, source y = ay * X + by * Y + oy, per image.
        float[] coefficients = new float[n * 6];
        for (int i = 0; i < n; i++) {
            Draw d = draws[i];
            double angle = Math.toRadians(d.degrees());
            double cos = Math.cos(angle) / d.scale();
            double sin = Math.sin(angle) / d.scale();
            double tx = cx + d.dx();
            double ty = cy + d.dy();
            double ax = cos;
            double bx = sin;
            double ox = cx - cos * tx - sin * ty;
            double ay = -sin;
            double by = cos;
            double oy = cy + sin * tx - cos * ty;
            if (d.flipX()) {
                ax = -ax;
                bx = -bx;
                ox = (w - 1) - ox;
            }
            if (d.flipY()) {
                ay = -ay;
                by = -by;
                oy = (h - 1) - oy;
            }
            float[] c = {(float) ax, (float) bx, (float) ox, (float) ay, (float) by, (float) oy};
            System.arraycopy(c, 0, coefficients, i * 6, 6);
        }
        NDManager manager = batch.getManager();
        NDArray result;
        try (NDScope scope = new NDScope()) {
            NDArray k = manager.create(coefficients, new Shape(n, 6)).toDevice(batch.getDevice(), false);
            NDArray xs = manager.arange(0f, (float) w).toDevice(batch.getDevice(), false).tile(h).reshape(1, (long) h * w);
            NDArray ys = manager.arange(0f, (float) h).toDevice(batch.getDevice(), false).repeat(w).reshape(1, (long) h * w);
            NDArray sx = column(k, 0).mul(xs).add(column(k, 1).mul(ys)).add(column(k, 2));
            NDArray sy = column(k, 3).mul(xs).add(column(k, 4).mul(ys)).add(column(k, 5));
            NDArray x0 = sx.floor();
            NDArray y0 = sy.floor();
            NDArray wx = sx.sub(x0);
            NDArray wy = sy.sub(y0);
            NDArray x0c = x0.clip(0, w - 1);
            NDArray x1c = x0.add(1).clip(0, w - 1);
            NDArray y0c = y0.clip(0, h - 1);
            NDArray y1c = y0.add(1).clip(0, h - 1);
            NDArray flat = batch.reshape(n, channels, (long) h * w);
            NDArray v00 = sample(flat, y0c, x0c, w, channels);
            NDArray v01 = sample(flat, y0c, x1c, w, channels);
            NDArray v10 = sample(flat, y1c, x0c, w, channels);
            NDArray v11 = sample(flat, y1c, x1c, w, channels);
            NDArray wx1 = wx.expandDims(1);
            NDArray wy1 = wy.expandDims(1);
            NDArray top = v00.mul(wx1.neg().add(1)).add(v01.mul(wx1));
            NDArray bottom = v10.mul(wx1.neg().add(1)).add(v11.mul(wx1));
            result = top.mul(wy1.neg().add(1)).add(bottom.mul(wy1)).reshape(shape).toType(batch.getDataType(), false);
            NDScope.unregister(result);
        }
        return result;
    }

    private static NDArray column(NDArray k, int j) {
        return k.get(":, " + j + ":" + (j + 1));
    }

    /** The pixels at (y, x) of every channel: a gather along the flattened image axis. */
    private static NDArray sample(NDArray flat, NDArray y, NDArray x, int width, long channels) {
        NDArray index = y.mul(width).add(x).toType(DataType.INT64, false).expandDims(1);
        Shape target = new Shape(index.getShape().get(0), channels, index.getShape().get(2));
        return flat.gather(index.broadcast(target), 2);
    }
}
