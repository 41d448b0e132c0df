package org.gerenb.cli;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A ./gere command that lives outside the library jar, so that the notebooks do not load it: the bench
 * module's {@code bench}. Found with {@link ServiceLoader} when its jar is on the classpath, which ./gere
 * arranges for the command that needs it; its usage stays in {@link Usage}.
 */
public interface ExternalCommand {

    /** The command word, e.g. "bench". */
    String name();

    void run(Args args);

    /** The command of that name on the classpath, if any. */
    static Optional<ExternalCommand> named(String name) {
        return ServiceLoader.load(ExternalCommand.class).stream().map(ServiceLoader.Provider::get)
                .filter(command -> command.name().equals(name)).findFirst();
    }
}
