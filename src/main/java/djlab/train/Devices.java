package djlab.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import djlab.spec.BadInputException;

/** {@code train.device} to a DJL {@link Device}: auto takes the first GPU when the engine sees one. */
public final class Devices {

    private Devices() {}

    public static Device of(String specFile, String device) {
        int gpus = Engine.getInstance().getGpuCount();
        if (device.equals("auto")) return gpus > 0 ? Device.gpu() : Device.cpu();
        if (device.equals("cpu")) return Device.cpu();
        int index = device.equals("gpu") ? 0 : Integer.parseInt(device.substring(4));
        if (index >= gpus) {
            throw new BadInputException(specFile, "train.device", "expected a CUDA GPU with index " + index + ", the engine sees "
                    + gpus + " (a CPU-only build of libtorch sees none; see README, 'Running on a GPU')");
        }
        return Device.gpu(index);
    }
}
