import { createStore } from '../../stores/createStore';

export const UNTITLED_POSE = 'Untitled pose';

/**
 * The name in the Pose lab's name field. It outlives the SessionBar (switching pages keeps a typed name) and
 * is shared with the file actions: an export is named after it, an import sets it.
 */
export const documentName = createStore({ name: UNTITLED_POSE });
