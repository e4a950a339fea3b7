package djlab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch-in-Python reference of {@code ../shared/bench/pytorch/bench_torch.py}, run as a child process right
 * after DJLab's figures so both are measured in one sitting.
 */
public final class PythonReference {

    private static final Pattern RATE = Pattern.compile(" imgs_per_s=([0-9.]+)");
    private static final Pattern EPOCH_RATES = Pattern.compile("epoch_imgs_per_s=([0-9.,]+)");
    private static final Pattern ACCURACY = Pattern.compile("test_acc=([0-9.]+)");

    /** The script's median rate, test accuracy and the rate of each epoch. */
    public record Figures(double imgsPerS, double testAccuracy, List<Double> epochRates) {}

    private final String python;
    private final Path script;
    private final int threads;

    public PythonReference(String python, Path script, int threads) {
        this.python = python;
        this.script = script;
        this.threads = threads;
    }

    Figures run(String model, int epochs, Path dataFolder) throws IOException {
        List<String> command = new ArrayList<>(List.of(python, script.toString(), model, "--epochs",
                String.valueOf(epochs), "--threads", String.valueOf(threads)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dataFolder != null) builder.environment().put("FMNIST_DIR", dataFolder.toAbsolutePath().toString());
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) output.append(line).append('\n');
        }
        try {
            int exit = process.waitFor();
            Matcher rate = RATE.matcher(output);
            Matcher accuracy = ACCURACY.matcher(output);
            if (exit != 0 || !rate.find()) {
                throw new IOException("the PyTorch reference failed (exit " + exit + "): " + output.toString().strip());
            }
            double median = Double.parseDouble(rate.group(1));
            Matcher perEpoch = EPOCH_RATES.matcher(output);
            List<Double> epochRates = new ArrayList<>();
            if (perEpoch.find()) {
                for (String r : perEpoch.group(1).split(",")) if (!r.isEmpty()) epochRates.add(Double.parseDouble(r));
            }
            if (epochRates.isEmpty()) epochRates.add(median);
            return new Figures(Math.round(median), accuracy.find() ? Double.parseDouble(accuracy.group(1)) : Double.NaN,
                    epochRates);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
