/* A Vulkan layer that counts what gpui draws in each frame, for `make bench` and
 * SKIT_FRAME_STATS=1 (see src/app/frame_stats.rs).
 *
 * gpui keeps its Scene private, so the counts are taken one level down, from the
 * Vulkan calls its renderer (blade in gpui 0.2.2, wgpu in gpui-pre) makes: every
 * primitive kind is one pipeline,
 * named by its shaders' entry points (fs_quad, fs_mono_sprite...), and every batch
 * of primitives is one instanced vkCmdDraw. The layer adds up the instances per
 * kind and wraps each draw in a precise occlusion query, which counts the pixels
 * that draw shaded: what a software renderer (lavapipe) pays for. At each
 * vkQueuePresentKHR the frame's totals are stored; skit reads them through
 * `skit_frame_stats_last` (dlopen RTLD_NOLOAD + dlsym).
 *
 * Build:  cc -shared -fPIC -O2 -Wl,-soname,libVkLayer_skit_frame_stats.so \
 *           -o libVkLayer_skit_frame_stats.so frame_stats_layer.c
 * Enable: VK_LAYER_PATH=<folder with the .so and its .json manifest>
 *         VK_INSTANCE_LAYERS=VK_LAYER_SKIT_frame_stats
 * (benches/desktop/bench.py does both.) One device and one thread of rendering
 * are assumed, as in skit. Not for production: it turns on a device feature the
 * application did not ask for (occlusionQueryPrecise) and adds a query per draw.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vulkan/vk_layer.h>
#include <vulkan/vulkan.h>

#define EXPORT __attribute__((visibility("default")))
#define MAX_PIPELINES 256
#define MAX_COMMAND_BUFFERS 16
#define MAX_DRAWS 2048

enum kind { QUADS, SHADOWS, PATH_RASTERIZATION, PATHS, UNDERLINES, MONO_SPRITES, POLY_SPRITES, SURFACES, OTHER, KINDS };
static const char *const ENTRY_POINTS[KINDS] = {
    "fs_quad", "fs_shadow", "fs_path_rasterization", "fs_path", "fs_underline",
    "fs_mono_sprite", "fs_poly_sprite", "fs_surface", "",
};

/* What skit reads; keep in step with `LayerStats` in src/app/frame_stats.rs. */
struct skit_frame_stats {
    uint64_t frame;              /* presents so far */
    uint64_t draws;              /* vkCmdDraw calls */
    uint64_t instances[KINDS];   /* primitives per kind */
    uint64_t pixels[KINDS];      /* pixels shaded per kind (occlusion queries) */
    uint32_t width, height;      /* the swapchain's size */
    double gpu_ms;               /* first submit of the frame → present done (wall clock) */
    double gpu_cpu_ms;           /* CPU time of the whole process meanwhile (all threads) */
    uint64_t presented_ns;       /* CLOCK_MONOTONIC when the present returned */
};

struct recorded_draw { int kind; uint32_t instances; };
struct command_buffer {
    VkCommandBuffer handle;
    VkQueryPool pool;
    int kind;
    uint32_t draws;
    struct recorded_draw recorded[MAX_DRAWS];
};

static PFN_vkGetInstanceProcAddr next_gipa;
static PFN_vkGetDeviceProcAddr next_gdpa;
static VkDevice device;
static PFN_vkCreateGraphicsPipelines next_CreateGraphicsPipelines;
static PFN_vkBeginCommandBuffer next_BeginCommandBuffer;
static PFN_vkCmdBindPipeline next_CmdBindPipeline;
static PFN_vkCmdDraw next_CmdDraw;
static PFN_vkQueueSubmit next_QueueSubmit;
static PFN_vkQueueSubmit2 next_QueueSubmit2;
static PFN_vkQueuePresentKHR next_QueuePresentKHR;
static PFN_vkCreateSwapchainKHR next_CreateSwapchainKHR;
static PFN_vkCreateQueryPool next_CreateQueryPool;
static PFN_vkCmdResetQueryPool next_CmdResetQueryPool;
static PFN_vkCmdBeginQuery next_CmdBeginQuery;
static PFN_vkCmdEndQuery next_CmdEndQuery;
static PFN_vkGetQueryPoolResults next_GetQueryPoolResults;

static struct { VkPipeline pipeline; int kind; } pipelines[MAX_PIPELINES];
static int pipeline_count;
static struct command_buffer command_buffers[MAX_COMMAND_BUFFERS];
static int command_buffer_count;
static struct command_buffer *submitted[MAX_COMMAND_BUFFERS];
static int submitted_count;
static double first_submit_ms, first_submit_cpu_ms;
static uint32_t swapchain_width, swapchain_height;
static uint64_t presents;
static struct skit_frame_stats last;

static double clock_ms(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
static double now_ms(void) { return clock_ms(CLOCK_MONOTONIC); }
static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
static double cpu_ms(void) { return clock_ms(CLOCK_PROCESS_CPUTIME_ID); }

EXPORT int skit_frame_stats_last(struct skit_frame_stats *out, size_t size) {
    if (size != sizeof(struct skit_frame_stats)) return 0;
    *out = last;
    return 1;
}

static int kind_of(VkPipeline pipeline) {
    for (int i = 0; i < pipeline_count; i++)
        if (pipelines[i].pipeline == pipeline) return pipelines[i].kind;
    return OTHER;
}

static struct command_buffer *state_of(VkCommandBuffer handle) {
    for (int i = 0; i < command_buffer_count; i++)
        if (command_buffers[i].handle == handle) return &command_buffers[i];
    if (command_buffer_count == MAX_COMMAND_BUFFERS) return NULL;
    struct command_buffer *cb = &command_buffers[command_buffer_count++];
    memset(cb, 0, sizeof *cb);
    cb->handle = handle;
    VkQueryPoolCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
        .queryType = VK_QUERY_TYPE_OCCLUSION,
        .queryCount = MAX_DRAWS,
    };
    if (next_CreateQueryPool(device, &info, NULL, &cb->pool) != VK_SUCCESS) cb->pool = VK_NULL_HANDLE;
    return cb;
}

static VKAPI_ATTR VkResult VKAPI_CALL CreateGraphicsPipelines(
    VkDevice dev, VkPipelineCache cache, uint32_t count, const VkGraphicsPipelineCreateInfo *infos,
    const VkAllocationCallbacks *alloc, VkPipeline *out) {
    VkResult result = next_CreateGraphicsPipelines(dev, cache, count, infos, alloc, out);
    for (uint32_t i = 0; i < count && pipeline_count < MAX_PIPELINES; i++) {
        int kind = OTHER;
        for (uint32_t s = 0; s < infos[i].stageCount; s++) {
            if (infos[i].pStages[s].stage != VK_SHADER_STAGE_FRAGMENT_BIT) continue;
            for (int k = 0; k < OTHER; k++)
                if (strcmp(infos[i].pStages[s].pName, ENTRY_POINTS[k]) == 0) kind = k;
            /* gpui-pre (wgpu) draws text with subpixel antialiasing where it can:
             * glyphs too. */
            if (strcmp(infos[i].pStages[s].pName, "fs_subpixel_sprite") == 0) kind = MONO_SPRITES;
        }
        pipelines[pipeline_count].pipeline = out[i];
        pipelines[pipeline_count++].kind = kind;
    }
    return result;
}

static VKAPI_ATTR VkResult VKAPI_CALL BeginCommandBuffer(VkCommandBuffer handle, const VkCommandBufferBeginInfo *info) {
    VkResult result = next_BeginCommandBuffer(handle, info);
    struct command_buffer *cb = state_of(handle);
    if (cb) {
        cb->draws = 0;
        cb->kind = OTHER;
        if (cb->pool) next_CmdResetQueryPool(handle, cb->pool, 0, MAX_DRAWS);
    }
    return result;
}

static VKAPI_ATTR void VKAPI_CALL CmdBindPipeline(VkCommandBuffer handle, VkPipelineBindPoint point, VkPipeline pipeline) {
    next_CmdBindPipeline(handle, point, pipeline);
    struct command_buffer *cb = state_of(handle);
    if (cb && point == VK_PIPELINE_BIND_POINT_GRAPHICS) cb->kind = kind_of(pipeline);
}

static VKAPI_ATTR void VKAPI_CALL CmdDraw(VkCommandBuffer handle, uint32_t vertices, uint32_t instances,
                                          uint32_t first_vertex, uint32_t first_instance) {
    struct command_buffer *cb = state_of(handle);
    if (!cb || !cb->pool || cb->draws == MAX_DRAWS) {
        next_CmdDraw(handle, vertices, instances, first_vertex, first_instance);
        return;
    }
    uint32_t query = cb->draws++;
    cb->recorded[query].kind = cb->kind;
    /* A path is rasterized as triangles into a texture first: count the path once, there. */
    cb->recorded[query].instances = cb->kind == PATH_RASTERIZATION ? 1 : instances;
    next_CmdBeginQuery(handle, cb->pool, query, VK_QUERY_CONTROL_PRECISE_BIT);
    next_CmdDraw(handle, vertices, instances, first_vertex, first_instance);
    next_CmdEndQuery(handle, cb->pool, query);
}

static void note_submitted(VkCommandBuffer handle) {
    struct command_buffer *cb = state_of(handle);
    if (!cb || submitted_count == MAX_COMMAND_BUFFERS) return;
    if (submitted_count == 0) {
        first_submit_ms = now_ms();
        first_submit_cpu_ms = cpu_ms();
    }
    submitted[submitted_count++] = cb;
}

static VKAPI_ATTR VkResult VKAPI_CALL QueueSubmit(VkQueue queue, uint32_t count, const VkSubmitInfo *submits, VkFence fence) {
    for (uint32_t i = 0; i < count; i++)
        for (uint32_t c = 0; c < submits[i].commandBufferCount; c++) note_submitted(submits[i].pCommandBuffers[c]);
    return next_QueueSubmit(queue, count, submits, fence);
}

static VKAPI_ATTR VkResult VKAPI_CALL QueueSubmit2(VkQueue queue, uint32_t count, const VkSubmitInfo2 *submits, VkFence fence) {
    for (uint32_t i = 0; i < count; i++)
        for (uint32_t c = 0; c < submits[i].commandBufferInfoCount; c++)
            note_submitted(submits[i].pCommandBufferInfos[c].commandBuffer);
    return next_QueueSubmit2(queue, count, submits, fence);
}

static VKAPI_ATTR VkResult VKAPI_CALL QueuePresentKHR(VkQueue queue, const VkPresentInfoKHR *info) {
    VkResult result = next_QueuePresentKHR(queue, info);
    struct skit_frame_stats frame = {.frame = ++presents, .width = swapchain_width, .height = swapchain_height};
    static uint64_t samples[MAX_DRAWS];
    for (int i = 0; i < submitted_count; i++) {
        struct command_buffer *cb = submitted[i];
        if (cb->draws == 0) continue;
        /* A software renderer has finished the frame when present returns: no wait. */
        VkResult got = next_GetQueryPoolResults(device, cb->pool, 0, cb->draws, sizeof samples, samples,
                                                sizeof samples[0], VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
        for (uint32_t d = 0; d < cb->draws; d++) {
            struct recorded_draw *draw = &cb->recorded[d];
            frame.draws++;
            frame.instances[draw->kind] += draw->instances;
            if (got == VK_SUCCESS) frame.pixels[draw->kind] += samples[d];
        }
    }
    frame.gpu_ms = submitted_count ? now_ms() - first_submit_ms : 0;
    frame.gpu_cpu_ms = submitted_count ? cpu_ms() - first_submit_cpu_ms : 0;
    frame.presented_ns = now_ns();
    submitted_count = 0;
    last = frame;
    if (getenv("SKIT_FRAME_STATS_LAYER_PRINT")) {
        fprintf(stderr, "frame_stats_layer frame=%llu draws=%llu", (unsigned long long)frame.frame,
                (unsigned long long)frame.draws);
        for (int k = 0; k < KINDS; k++)
            if (frame.instances[k])
                fprintf(stderr, " %s=%llu/%llupx", ENTRY_POINTS[k][0] ? ENTRY_POINTS[k] + 3 : "other",
                        (unsigned long long)frame.instances[k], (unsigned long long)frame.pixels[k]);
        fprintf(stderr, " size=%ux%u gpu_ms=%.2f gpu_cpu_ms=%.2f t_ns=%llu\n", frame.width, frame.height,
                frame.gpu_ms, frame.gpu_cpu_ms, (unsigned long long)frame.presented_ns);
    }
    return result;
}

static VKAPI_ATTR VkResult VKAPI_CALL CreateSwapchainKHR(VkDevice dev, const VkSwapchainCreateInfoKHR *info,
                                                         const VkAllocationCallbacks *alloc, VkSwapchainKHR *out) {
    swapchain_width = info->imageExtent.width;
    swapchain_height = info->imageExtent.height;
    if (getenv("SKIT_FRAME_STATS_LAYER_PRINT"))
        fprintf(stderr, "frame_stats_layer swapchain format=%d color_space=%d present_mode=%d images=%u\n",
                info->imageFormat, info->imageColorSpace, info->presentMode, info->minImageCount);
    return next_CreateSwapchainKHR(dev, info, alloc, out);
}

static PFN_vkVoidFunction device_hook(const char *name);

static VKAPI_ATTR VkResult VKAPI_CALL CreateDevice(VkPhysicalDevice physical, const VkDeviceCreateInfo *info,
                                                   const VkAllocationCallbacks *alloc, VkDevice *out) {
    VkLayerDeviceCreateInfo *link = (VkLayerDeviceCreateInfo *)info->pNext;
    while (link && !(link->sType == VK_STRUCTURE_TYPE_LOADER_DEVICE_CREATE_INFO && link->function == VK_LAYER_LINK_INFO))
        link = (VkLayerDeviceCreateInfo *)link->pNext;
    if (!link) return VK_ERROR_INITIALIZATION_FAILED;
    PFN_vkGetInstanceProcAddr gipa = link->u.pLayerInfo->pfnNextGetInstanceProcAddr;
    next_gdpa = link->u.pLayerInfo->pfnNextGetDeviceProcAddr;
    link->u.pLayerInfo = link->u.pLayerInfo->pNext;

    /* Precise occlusion counts need a feature: switch it on where the features are. */
    VkDeviceCreateInfo patched = *info;
    VkPhysicalDeviceFeatures features = {0};
    VkPhysicalDeviceFeatures2 *features2 = NULL;
    for (VkBaseOutStructure *s = (VkBaseOutStructure *)info->pNext; s; s = s->pNext)
        if (s->sType == VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2) features2 = (VkPhysicalDeviceFeatures2 *)s;
    if (features2) {
        features2->features.occlusionQueryPrecise = VK_TRUE;
    } else {
        if (info->pEnabledFeatures) features = *info->pEnabledFeatures;
        features.occlusionQueryPrecise = VK_TRUE;
        patched.pEnabledFeatures = &features;
    }
    PFN_vkCreateDevice create = (PFN_vkCreateDevice)gipa(VK_NULL_HANDLE, "vkCreateDevice");
    VkResult result = create(physical, &patched, alloc, out);
    if (result != VK_SUCCESS) return result;
    device = *out;
#define LOAD(name) next_##name = (PFN_vk##name)next_gdpa(device, "vk" #name)
    LOAD(CreateGraphicsPipelines);
    LOAD(BeginCommandBuffer);
    LOAD(CmdBindPipeline);
    LOAD(CmdDraw);
    LOAD(QueueSubmit);
    LOAD(QueueSubmit2);
    if (!next_QueueSubmit2) next_QueueSubmit2 = (PFN_vkQueueSubmit2)next_gdpa(device, "vkQueueSubmit2KHR");
    LOAD(QueuePresentKHR);
    LOAD(CreateSwapchainKHR);
    LOAD(CreateQueryPool);
    LOAD(CmdResetQueryPool);
    LOAD(CmdBeginQuery);
    LOAD(CmdEndQuery);
    LOAD(GetQueryPoolResults);
#undef LOAD
    return VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL CreateInstance(const VkInstanceCreateInfo *info, const VkAllocationCallbacks *alloc,
                                                     VkInstance *out) {
    VkLayerInstanceCreateInfo *link = (VkLayerInstanceCreateInfo *)info->pNext;
    while (link && !(link->sType == VK_STRUCTURE_TYPE_LOADER_INSTANCE_CREATE_INFO && link->function == VK_LAYER_LINK_INFO))
        link = (VkLayerInstanceCreateInfo *)link->pNext;
    if (!link) return VK_ERROR_INITIALIZATION_FAILED;
    next_gipa = link->u.pLayerInfo->pfnNextGetInstanceProcAddr;
    link->u.pLayerInfo = link->u.pLayerInfo->pNext;
    PFN_vkCreateInstance create = (PFN_vkCreateInstance)next_gipa(VK_NULL_HANDLE, "vkCreateInstance");
    return create(info, alloc, out);
}

EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL vkGetDeviceProcAddr(VkDevice dev, const char *name);

static PFN_vkVoidFunction device_hook(const char *name) {
/* Only what the device has: a hook for a missing function would claim it exists. */
#define HOOK(fn) if (next_##fn && strcmp(name, "vk" #fn) == 0) return (PFN_vkVoidFunction)fn
    HOOK(CreateGraphicsPipelines);
    HOOK(BeginCommandBuffer);
    HOOK(CmdBindPipeline);
    HOOK(CmdDraw);
    HOOK(QueueSubmit);
    HOOK(QueueSubmit2);
    if (next_QueueSubmit2 && strcmp(name, "vkQueueSubmit2KHR") == 0) return (PFN_vkVoidFunction)QueueSubmit2;
    HOOK(QueuePresentKHR);
    HOOK(CreateSwapchainKHR);
#undef HOOK
    if (strcmp(name, "vkGetDeviceProcAddr") == 0) return (PFN_vkVoidFunction)vkGetDeviceProcAddr;
    return NULL;
}

EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL vkGetDeviceProcAddr(VkDevice dev, const char *name) {
    PFN_vkVoidFunction hook = device_hook(name);
    if (hook) return hook;
    return next_gdpa ? next_gdpa(dev, name) : NULL;
}

EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL vkGetInstanceProcAddr(VkInstance instance, const char *name) {
    if (strcmp(name, "vkGetInstanceProcAddr") == 0) return (PFN_vkVoidFunction)vkGetInstanceProcAddr;
    if (strcmp(name, "vkCreateInstance") == 0) return (PFN_vkVoidFunction)CreateInstance;
    if (strcmp(name, "vkCreateDevice") == 0) return (PFN_vkVoidFunction)CreateDevice;
    PFN_vkVoidFunction hook = device_hook(name);
    if (hook) return hook;
    return next_gipa ? next_gipa(instance, name) : NULL;
}
