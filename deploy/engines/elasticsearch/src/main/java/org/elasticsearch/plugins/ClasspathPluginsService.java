package org.elasticsearch.plugins;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.spi.SPIClassIterator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plugins given as classes on the launcher's classpath instead of bundles under
 * {@code path.home/modules}: Maven Central serves the plugin jars, not the
 * distribution's module directories. Lives in this package because the loaded
 * plugin record and the plugin constructor helper are package-private.
 */
public final class ClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> loaded;

    public ClasspathPluginsService(Environment environment, List<Class<? extends Plugin>> pluginClasses) {
        super(environment.settings(), environment.configDir(), new PluginsLoader(Set.of(), Set.of(), Map.of()));
        List<LoadedPlugin> plugins = new ArrayList<>();
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            Plugin instance = loadPlugin(pluginClass, environment.settings(), environment.configDir());
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getSimpleName(),
                "loaded from the classpath",
                Build.current().version(),
                Build.current().version(),
                Integer.toString(Runtime.version().feature()),
                pluginClass.getName(),
                null,
                List.of(),
                false,
                false,
                false,
                false,
                PluginDescriptor.DeploymentTarget.ALL
            );
            plugins.add(new LoadedPlugin(descriptor, instance, pluginClass.getClassLoader()));
        }
        this.loaded = List.copyOf(plugins);
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return loaded;
    }

    @Override
    public PluginsAndModules info() {
        return new PluginsAndModules(loaded.stream().map(p -> new PluginRuntimeInfo(p.descriptor())).toList(), List.of());
    }

    /**
     * All plugins share one class loader, so each service provider on it would
     * otherwise be created once per plugin: keep one instance per provider class.
     */
    @Override
    public <T> List<? extends T> loadServiceProviders(Class<T> service) {
        Map<Class<?>, T> providers = new LinkedHashMap<>();
        for (LoadedPlugin plugin : loaded) {
            var classes = SPIClassIterator.get(service, plugin.instance().getClass().getClassLoader());
            while (classes.hasNext()) {
                Class<? extends T> providerClass = classes.next();
                if (providers.containsKey(providerClass) == false) {
                    providers.put(providerClass, createExtension(providerClass, service, plugin.instance()));
                }
            }
        }
        return List.copyOf(providers.values());
    }
}
