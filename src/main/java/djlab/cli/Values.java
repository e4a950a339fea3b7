package djlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The converters of option values that must be in a range: a bad value is a picocli parameter error when the
 * command line is parsed, before anything runs, printed as {@code error: --option: expected ..., got ...} (exit 2).
 */
final class Values {

    private Values() {}

    /** A value out of range: {@link Main} prints it after the option's name. */
    static final class OutOfRange extends TypeConversionException {
        OutOfRange(String problem) {
            super(problem);
        }
    }

    /** An I/N slice of a sweep. */
    record Shard(int index, int count) {}

    private static int integer(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            // picocli's own wording for a value that is not a number
            throw new TypeConversionException("'" + value + "' is not an int");
        }
    }

    private static int atLeast(String value, int least) {
        int n = integer(value);
        if (n < least) throw new OutOfRange("expected an integer >= " + least + ", got " + n);
        return n;
    }

    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 1);
        }
    }

    static final class AtLeastZero implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 0);
        }
    }

    static final class AtLeastTwo implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 2);
        }
    }

    static final class MaxRuns implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long n;
            try {
                n = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a long");
            }
            if (n < 1) throw new OutOfRange("expected an integer >= 1, got " + n);
            return n;
        }
    }

    /** bench replay --budget: a budget in epochs, or a fraction of the grid's below 1. */
    static final class PositiveNumber implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double x;
            try {
                x = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a double");
            }
            // !(x > 0) also refuses NaN
            if (!(x > 0)) throw new OutOfRange("expected numbers > 0, got " + x);
            return x;
        }
    }

    /** bench replay --optuna: a script that is there. */
    static final class Script implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            try {
                Path script = Path.of(value);
                if (Files.isRegularFile(script)) return script;
            } catch (java.nio.file.InvalidPathException ignored) {
                // reported below
            }
            throw new OutOfRange("no such script: " + value);
        }
    }

    /** --grace: seconds after a signal before exiting regardless. */
    static final class Grace implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = integer(value);
            if (n < 1) throw new OutOfRange("expected a whole number of seconds >= 1, got " + n);
            return n;
        }
    }

    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = integer(value);
            if (n < 0 || n > 65535) throw new OutOfRange("expected a port in [0, 65535], got " + n);
            return n;
        }
    }

    /** serve --bench: a number of runs. */
    static final class Runs implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = integer(value);
            if (n < 1) throw new OutOfRange("expected a number of runs >= 1, got " + n);
            return n;
        }
    }

    static final class ShardSlice implements ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            String[] parts = value.split("/");
            try {
                int index = Integer.parseInt(parts[0].trim());
                int count = Integer.parseInt(parts[1].trim());
                if (parts.length == 2 && count >= 1 && index >= 0 && index < count) return new Shard(index, count);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException ignored) {
                // reported below
            }
            throw new OutOfRange("expected I/N with 0 <= I < N (e.g. 0/4), got '" + value + "'");
        }
    }

    /** serve --host: an address this machine can resolve. */
    static final class Host implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                java.net.InetAddress.getByName(value);
                return value;
            } catch (java.net.UnknownHostException e) {
                throw new OutOfRange("expected an address of this machine (127.0.0.1, 0.0.0.0, ...), got " + value);
            }
        }
    }
}
