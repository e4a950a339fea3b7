/**
 * The registry of networks and data sets, between the plan and the data and network steps of the data path: the
 * plug-in interfaces {@link djlab.plugin.ModelProvider} and {@link djlab.plugin.DataProvider}, the built-in presets
 * and data sets as providers of them, plug-ins found with {@link java.util.ServiceLoader} ({@link
 * djlab.plugin.Plugins}), and the checked calls a run makes to them ({@link djlab.plugin.Provided}).
 */
package djlab.plugin;
