"""Staff pages of the major-decision module (重大行政决策程序暂行条例):

decisions.py  the list, 我的决策, registering an item, the draft, the decision page with its action panel and
              gate, versions, the home page's pending counts
catalogue.py  决策事项目录 and 决策事项建议
experts.py    the consultation's comment desk, the expert pool, choosing experts, the expert's own page, adoption
meeting.py    the legality review desk and page, the meeting record
execution.py  execution reports, accountability, the timeline text
stats.py      statistics
"""
